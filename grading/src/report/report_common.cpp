#include "report_common.hpp"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "conclab/grading/report/formatting.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

// ---------------------------------------------------------------------------------------------
// Text that came from a submission: valid UTF-8 without control characters.

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

/// One code point read from UTF-8 text; `valid` is false for a byte that does not start a
/// well-formed sequence (it then counts as one byte).
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 1;
  bool valid = false;
};

/// The length of the sequence that `lead` starts, its payload bits and the smallest code
/// point it may encode (anything lower is an overlong encoding); length 0 for a bad lead.
struct LeadByte {
  std::size_t length = 0;
  char32_t bits = 0;
  char32_t minimum = 0;
};

LeadByte read_lead(unsigned char lead) {
  if ((lead & 0xE0U) == 0xC0U) {
    return {2, static_cast<char32_t>(lead & 0x1FU), 0x80};
  }
  if ((lead & 0xF0U) == 0xE0U) {
    return {3, static_cast<char32_t>(lead & 0x0FU), 0x800};
  }
  if ((lead & 0xF8U) == 0xF0U) {
    return {4, static_cast<char32_t>(lead & 0x07U), 0x10000};
  }
  return {};
}

/// True for a code point XML 1.0 allows in a document (surrogates are never decoded).
bool is_xml_character(char32_t value) {
  return value <= 0x10FFFF && value != 0xFFFE && value != 0xFFFF;
}

/// The code point at the start of `text` (not empty).
CodePoint decode_first(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text.front());
  if (lead < 0x80U) {
    return {lead, 1, true};
  }
  const LeadByte start = read_lead(lead);
  if (start.length == 0 || text.size() < start.length) {
    return {};
  }
  char32_t value = start.bits;
  for (std::size_t i = 1; i < start.length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xC0U) != 0x80U) {
      return {};
    }
    value = static_cast<char32_t>((value << 6U) | (next & 0x3FU));
  }
  const bool surrogate = value >= 0xD800 && value <= 0xDFFF;
  if (value < start.minimum || surrogate || !is_xml_character(value)) {
    return {};
  }
  return {value, start.length, true};
}

/// C0 controls, DEL and C1 controls.
bool is_control(char32_t value) {
  return value < 0x20 || (value >= 0x7F && value <= 0x9F);
}

/// `text` as valid UTF-8 (U+FFFD for what is not) without control characters, except those
/// in `kept_controls`.
std::string clean_text(std::string_view text, std::string_view kept_controls) {
  std::string clean;
  clean.reserve(text.size());
  while (!text.empty()) {
    const CodePoint point = decode_first(text);
    if (!point.valid) {
      clean += kReplacementCharacter;
    } else if (!is_control(point.value) ||
               kept_controls.find(text.front()) != std::string_view::npos) {
      clean += text.substr(0, point.length);
    }
    text.remove_prefix(point.length);
  }
  return clean;
}

/// `text` for XML: escaped; inside an attribute, newlines and tabs as character references
/// (a parser would turn them into spaces).
std::string escape_markup(std::string_view text, bool attribute) {
  std::string escaped;
  for (const char c : clean_text(text, "\n\t")) {
    switch (c) {
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
      case '\n':
        escaped += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        escaped += attribute ? "&#9;" : "\t";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

}  // namespace

namespace report_detail {

std::string terminal_safe(std::string_view text) {
  return clean_text(text, "\t");
}

std::string escape_attribute(std::string_view text) {
  return escape_markup(text, true);
}

// ---------------------------------------------------------------------------------------------
// Facts about graded tests that several formats share.

/// A test that cost points: it failed or never ran.
bool lost_points(const GradedTest& test) {
  return test.status == GradedStatus::failed || test.status == GradedStatus::not_run;
}

/// The evidence as lines, each embedded newline starting a new one.
std::vector<std::string> evidence_lines(const GradedTest& test) {
  std::vector<std::string> lines;
  for (const std::string& entry : test.evidence) {
    for (std::string& line : split_lines(entry)) {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

/// The first line of evidence that says something, or "".
std::string first_evidence_line(const GradedTest& test) {
  for (const std::string& line : evidence_lines(test)) {
    if (!trim(line).empty()) {
      return std::string(trim(line));
    }
  }
  return {};
}

/// Why a kind could not be measured: the first evidence line of its tests, or "".
std::string ungraded_reason(const GradedKind& kind) {
  for (const GradedTest& test : kind.tests) {
    std::string line = first_evidence_line(test);
    if (!line.empty()) {
      return line;
    }
  }
  return {};
}

/// "missing: a.cpp, b.cpp (the stubs were graded)" without the "missing: ".
std::string missing_files_note(const std::vector<std::string>& files) {
  return join(files, ", ") +
         (files.size() == 1 ? " (the stub was graded)" : " (the stubs were graded)");
}

/// "85.0 / 100".
std::string score_of(double score, double max_score) {
  return format_points(score) + " / " + format_number(max_score);
}

/// "lab 01".
std::string lab_label(const GradedLab& lab) {
  return "lab " + lab.id;
}

/// "lab01", as JUnit suites and Gradescope tags name a lab.
std::string lab_key(const GradedLab& lab) {
  return "lab" + lab.id;
}

std::vector<std::string> flag_lines(const Grade& grade) {
  std::vector<std::string> lines;
  for (const GradedLab& lab : grade.labs) {
    for (const std::string& flag : lab.flags) {
      lines.push_back(lab_label(lab) + " " + flag);
    }
  }
  return lines;
}

std::string provisional_note(const Grade& grade) {
  std::vector<std::string> kinds;
  for (const GradedLab& lab : grade.labs) {
    for (const GradedKind& kind : lab.kinds) {
      if (kind.unmeasured()) {
        kinds.push_back(lab_label(lab) + " " + kind.kind + (kind.ungraded ? "" : " (in part)"));
      }
    }
  }
  if (kinds.empty()) {
    return {};
  }
  std::string list;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == kinds.size() ? " and " : ", ") + kinds[i];
  }
  return list + (kinds.size() == 1 ? " was" : " were") +
         " not measured on this machine; re-grade on a quiet machine";
}

/// `number` with `decimals` decimals, never "-0.0".
std::string fixed(double number, int decimals) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number,
                                    std::chars_format::fixed, decimals);
  std::string text(buffer.data(), result.ptr);
  if (text.starts_with('-') && text.find_first_not_of("-0.") == std::string::npos) {
    text.erase(0, 1);
  }
  return text;
}

std::string dump_json(const nlohmann::json& document) {
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace report_detail

std::string format_points(double points) {
  return report_detail::fixed(points, 1);
}

std::string format_number(double number) {
  std::string text = report_detail::fixed(number, 2);
  while (text.ends_with('0')) {
    text.pop_back();
  }
  if (text.ends_with('.')) {
    text.pop_back();
  }
  return text;
}

std::string escape_xml(std::string_view text) {
  return escape_markup(text, false);
}

}  // namespace conclab::grading
