// A small well-formedness check of XML documents for the chart tests: elements nest and close,
// attribute values are quoted, and every & starts an entity. Not a full XML parser.
#pragma once

#include <cctype>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::timeline_tests {

/// Whether every & in `text` starts one of XML's entities or a character reference.
inline bool entities_are_complete(std::string_view text) {
  static const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
  for (std::size_t at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    const std::string rest(text.substr(at, 12));
    if (!std::regex_search(rest, entity)) {
      return false;
    }
  }
  return true;
}

/// Checks one start or empty tag's inside ("rect x=\"1\" y=\"2\"" or "rect x=\"1\"/"):
/// a name, then name="value" pairs. Returns the element's name, or nothing when malformed.
inline std::optional<std::string> element_name(std::string_view tag) {
  static const std::regex start_tag(
      R"(^([A-Za-z_][-A-Za-z0-9_.:]*)(\s+[A-Za-z_][-A-Za-z0-9_.:]*\s*=\s*"[^"<]*")*\s*/?$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(tag.begin(), tag.end(), match, start_tag)) {
    return std::nullopt;
  }
  return match[1].str();
}

/// Nothing when `xml` is a well-formed document with a single root element; otherwise what
/// is wrong with it, and where.
inline std::optional<std::string> xml_error(std::string_view xml) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t at = 0;
  while (at < xml.size()) {
    const std::size_t tag_start = xml.find('<', at);
    const std::string_view text = xml.substr(at, tag_start - at);
    if (!entities_are_complete(text) || text.find('>') != std::string_view::npos) {
      return "bad character data before offset " + std::to_string(tag_start);
    }
    if (tag_start == std::string_view::npos) {
      break;
    }
    const std::size_t tag_end = xml.find('>', tag_start);
    if (tag_end == std::string_view::npos) {
      return "unterminated tag at offset " + std::to_string(tag_start);
    }
    const std::string_view tag = xml.substr(tag_start + 1, tag_end - tag_start - 1);
    at = tag_end + 1;
    if (tag.starts_with('?')) {
      continue;  // the XML declaration
    }
    if (tag.starts_with('/')) {
      if (open.empty() || open.back() != tag.substr(1)) {
        return "unmatched </" + std::string(tag.substr(1)) + ">";
      }
      open.pop_back();
      continue;
    }
    const auto name = element_name(tag);
    if (!name || !entities_are_complete(tag)) {
      return "malformed tag <" + std::string(tag) + ">";
    }
    if (open.empty()) {
      ++roots;
    }
    if (!tag.ends_with('/')) {
      open.push_back(*name);
    }
  }
  if (!open.empty()) {
    return "<" + open.back() + "> is never closed";
  }
  return roots == 1 ? std::nullopt : std::optional<std::string>("not exactly one root element");
}

}  // namespace conclab::timeline_tests
