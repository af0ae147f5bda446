#include "xml_text.hpp"

namespace conclab::detail {
namespace {

/// Whether `byte` continues a UTF-8 character rather than starting one.
bool continues_a_character(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0U) == 0x80U;
}

}  // namespace

std::string escape_xml(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char character : text) {
    switch (character) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        // XML 1.0 forbids control characters other than tab and line breaks, even escaped.
        const bool forbidden = static_cast<unsigned char>(character) < 0x20U && character != '\t' &&
                               character != '\n' && character != '\r';
        escaped += forbidden ? ' ' : character;
    }
  }
  return escaped;
}

std::size_t character_count(std::string_view text) {
  std::size_t count = 0;
  for (const char byte : text) {
    if (!continues_a_character(byte)) {
      ++count;
    }
  }
  return count;
}

std::string shortened(std::string_view text, std::size_t most) {
  if (character_count(text) <= most) {
    return std::string(text);
  }
  if (most < 2) {
    return {};
  }
  // Keep most - 1 characters: find where character number `most` (counting from 1) starts.
  std::size_t kept = 0;
  std::size_t cut = 0;
  for (; cut < text.size(); ++cut) {
    if (!continues_a_character(text[cut]) && kept++ == most - 1) {
      break;
    }
  }
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace conclab::detail
