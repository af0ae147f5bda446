#include "conclab/grading/grade_report.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

using nlohmann::json;

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

/// `text` for one line of a terminal: no control character but the tab survives.
std::string terminal_safe(std::string_view text) {
  return clean_text(text, "\t");
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

// ---------------------------------------------------------------------------------------------
// Text.

enum class Paint { pass, fail, ungraded };

/// Colors text for a terminal, or leaves it alone.
struct Painter {
  bool color = false;

  [[nodiscard]] std::string paint(std::string_view text, Paint tone) const {
    if (!color) {
      return std::string(text);
    }
    const char* code = tone == Paint::pass ? "32" : tone == Paint::fail ? "31" : "33";
    return "\033[" + std::string(code) + "m" + std::string(text) + "\033[0m";
  }

  /// "85.0 / 100", green when nothing was lost, red otherwise.
  [[nodiscard]] std::string score(double score, double max_score) const {
    return paint(score_of(score, max_score), score >= max_score ? Paint::pass : Paint::fail);
  }
};

/// Column widths shared by every lab, so that scores line up.
struct TextLayout {
  std::size_t title_width = 0;
  std::size_t kind_width = 0;
};

/// The number of characters `text` shows (UTF-8 continuation bytes do not count).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char c : text) {
    width += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  }
  return width;
}

std::string pad(std::string_view text, std::size_t width) {
  const std::size_t shown = display_width(text);
  return std::string(text) + std::string(shown < width ? width - shown : 0, ' ');
}

TextLayout layout_of(const Grade& grade) {
  TextLayout layout{0, std::string_view("correctness").size()};
  for (const GradedLab& lab : grade.labs) {
    layout.title_width = std::max(layout.title_width, display_width(lab.title));
    for (const GradedKind& kind : lab.kinds) {
      layout.kind_width = std::max(layout.kind_width, display_width(kind.kind));
    }
  }
  return layout;
}

void append_test_text(std::string& out, const GradedTest& test, const Painter& painter) {
  const bool failed = test.status == GradedStatus::failed;
  out += "    " + painter.paint(failed ? "FAIL" : "NOT RUN", Paint::fail) + " " +
         terminal_safe(test.name);
  const double lost = test.max_score - test.score;
  out += lost > 0.0 ? "  -" + format_points(lost) + "\n" : "\n";
  for (const std::string& line : evidence_lines(test)) {
    out += "      " + terminal_safe(line) + "\n";
  }
}

void append_kind_text(std::string& out, const GradedKind& kind, const TextLayout& layout,
                      const Painter& painter, bool with_tests) {
  out += "  " + pad(terminal_safe(kind.kind), layout.kind_width + 2);
  if (kind.ungraded) {
    const std::string reason = terminal_safe(ungraded_reason(kind));
    out += painter.paint("not measured", Paint::ungraded) +
           (reason.empty() ? "" : " (" + reason + ")") + "\n";
    return;
  }
  out += painter.score(kind.score, kind.max_score) + "\n";
  for (const GradedTest& test : kind.tests) {
    if (with_tests && lost_points(test)) {
      append_test_text(out, test, painter);
    }
  }
}

void append_lab_text(std::string& out, const GradedLab& lab, const TextLayout& layout,
                     const Painter& painter, bool with_tests) {
  out += lab_label(lab) + "  " + pad(terminal_safe(lab.title), layout.title_width) + "   " +
         painter.score(lab.score, lab.max_score) + "\n";
  if (!lab.files_missing.empty()) {
    out += "  missing: " + terminal_safe(missing_files_note(lab.files_missing)) + "\n";
  }
  if (!lab.compile_error.empty()) {
    out += "  " + painter.paint("does not compile:", Paint::fail) + "\n";
    for (const std::string& line : lab.compile_error) {
      out += "    " + terminal_safe(line) + "\n";
    }
  }
  for (const GradedKind& kind : lab.kinds) {
    append_kind_text(out, kind, layout, painter, with_tests);
  }
}

/// The text report; without `with_tests`, a summary of labs and kinds only.
std::string text_report(const Grade& grade, const Painter& painter, bool with_tests) {
  std::string out = "submission " + terminal_safe(grade.submission) + "\n";
  for (const std::string& problem : grade.problems) {
    for (const std::string& line : split_lines(problem)) {
      out += painter.paint("problem: ", Paint::fail) + terminal_safe(line) + "\n";
    }
  }
  const TextLayout layout = layout_of(grade);
  for (const GradedLab& lab : grade.labs) {
    append_lab_text(out, lab, layout, painter, with_tests);
  }
  return out + "total " + painter.score(grade.score, grade.max_score) + "\n";
}

// ---------------------------------------------------------------------------------------------
// conclab's JSON.

constexpr std::string_view kGradeFormat = "conclab-grade-1";

constexpr std::array<std::pair<GradedStatus, std::string_view>, 4> kStatusNames{{
    {GradedStatus::passed, "passed"},
    {GradedStatus::failed, "failed"},
    {GradedStatus::not_run, "not_run"},
    {GradedStatus::ungraded, "ungraded"},
}};

std::string status_name(GradedStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) {
      return std::string(name);
    }
  }
  throw std::logic_error("GradedStatus without a name");
}

json test_json(const GradedTest& test) {
  return {{"name", test.name},
          {"kind", test.kind},
          {"status", status_name(test.status)},
          {"score", test.score},
          {"max_score", test.max_score},
          {"guard", test.guard},
          {"evidence", test.evidence}};
}

json kind_json(const GradedKind& kind) {
  json tests = json::array();
  for (const GradedTest& test : kind.tests) {
    tests.push_back(test_json(test));
  }
  return {{"kind", kind.kind},
          {"score", kind.score},
          {"max_score", kind.max_score},
          {"ungraded", kind.ungraded},
          {"tests", std::move(tests)}};
}

json lab_json(const GradedLab& lab) {
  json kinds = json::array();
  for (const GradedKind& kind : lab.kinds) {
    kinds.push_back(kind_json(kind));
  }
  return {{"id", lab.id},
          {"dir_name", lab.dir_name},
          {"title", lab.title},
          {"score", lab.score},
          {"max_score", lab.max_score},
          {"files_found", lab.files_found},
          {"files_missing", lab.files_missing},
          {"compile_error", lab.compile_error},
          {"kinds", std::move(kinds)},
          {"seconds", lab.seconds}};
}

[[noreturn]] void malformed(const std::string& where, const std::string& problem) {
  throw std::runtime_error("not a valid conclab grade (" + std::string(kGradeFormat) +
                           "): " + (where.empty() ? "the document" : where) + ": " + problem);
}

/// The fields of one JSON object of a grade; errors name the field by its path
/// ("labs[0].kinds[1].score").
class JsonFields {
 public:
  JsonFields(const json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) {
      malformed(where_, std::string("expected an object, got ") + object_.type_name());
    }
  }

  /// "WHERE.key".
  [[nodiscard]] std::string path(std::string_view key) const {
    return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
  }

  [[nodiscard]] const json& at(std::string_view key, json::value_t type) const {
    const auto found = object_.find(key);
    if (found == object_.end()) {
      malformed(path(key), "missing");
    }
    const bool number_wanted = type == json::value_t::number_float;
    if (number_wanted ? !found->is_number() : found->type() != type) {
      malformed(path(key),
                "expected " + std::string(json(type).type_name()) + ", got " + found->type_name());
    }
    return *found;
  }

  [[nodiscard]] std::string string(std::string_view key) const {
    return at(key, json::value_t::string).get<std::string>();
  }

  [[nodiscard]] double number(std::string_view key) const {
    return at(key, json::value_t::number_float).get<double>();
  }

  [[nodiscard]] bool boolean(std::string_view key) const {
    return at(key, json::value_t::boolean).get<bool>();
  }

  [[nodiscard]] const json& array(std::string_view key) const {
    return at(key, json::value_t::array);
  }

  [[nodiscard]] std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> values;
    const json& items = array(key);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_string()) {
        malformed(path(key) + "[" + std::to_string(i) + "]",
                  std::string("expected string, got ") + items[i].type_name());
      }
      values.push_back(items[i].get<std::string>());
    }
    return values;
  }

  /// Each element of the array `key`, read by `read(element, its path)`.
  template <typename Read>
  [[nodiscard]] auto each(std::string_view key, Read read) const {
    std::vector<decltype(read(json(), std::string()))> values;
    const json& items = array(key);
    for (std::size_t i = 0; i < items.size(); ++i) {
      values.push_back(read(items[i], path(key) + "[" + std::to_string(i) + "]"));
    }
    return values;
  }

 private:
  const json& object_;
  std::string where_;
};

GradedStatus read_status(const JsonFields& fields) {
  const std::string name = fields.string("status");
  for (const auto& [value, known] : kStatusNames) {
    if (known == name) {
      return value;
    }
  }
  malformed(fields.path("status"),
            "expected passed, failed, not_run or ungraded, got \"" + name + "\"");
}

GradedTest read_test(const json& object, const std::string& where) {
  const JsonFields fields(object, where);
  GradedTest test;
  test.name = fields.string("name");
  test.kind = fields.string("kind");
  test.status = read_status(fields);
  test.score = fields.number("score");
  test.max_score = fields.number("max_score");
  test.guard = fields.boolean("guard");
  test.evidence = fields.strings("evidence");
  return test;
}

GradedKind read_kind(const json& object, const std::string& where) {
  const JsonFields fields(object, where);
  GradedKind kind;
  kind.kind = fields.string("kind");
  kind.score = fields.number("score");
  kind.max_score = fields.number("max_score");
  kind.ungraded = fields.boolean("ungraded");
  kind.tests = fields.each("tests", read_test);
  return kind;
}

GradedLab read_lab(const json& object, const std::string& where) {
  const JsonFields fields(object, where);
  GradedLab lab;
  lab.id = fields.string("id");
  lab.dir_name = fields.string("dir_name");
  lab.title = fields.string("title");
  lab.score = fields.number("score");
  lab.max_score = fields.number("max_score");
  lab.files_found = fields.strings("files_found");
  lab.files_missing = fields.strings("files_missing");
  lab.compile_error = fields.strings("compile_error");
  lab.kinds = fields.each("kinds", read_kind);
  lab.seconds = fields.number("seconds");
  return lab;
}

// ---------------------------------------------------------------------------------------------
// Gradescope.

std::string gradescope_output(const GradedTest& test) {
  const std::string evidence = join(evidence_lines(test), "\n");
  if (test.status == GradedStatus::ungraded) {
    return "Not measured on the grading machine, so it counts for nobody." +
           (evidence.empty() ? "" : "\n" + evidence);
  }
  if (test.status == GradedStatus::not_run && evidence.empty()) {
    return "This test did not run.";
  }
  return evidence;
}

json gradescope_test(const GradedLab& lab, const GradedKind& kind, const GradedTest& test) {
  const bool ungraded = test.status == GradedStatus::ungraded;
  return {{"name", lab_label(lab) + " · " + kind.kind + " · " + test.name},
          {"name_format", "text"},
          {"score", ungraded ? 0.0 : test.score},
          {"max_score", ungraded ? 0.0 : test.max_score},
          {"status", lost_points(test) ? "failed" : "passed"},
          {"output", gradescope_output(test)},
          {"tags", json::array({kind.kind, lab_key(lab)})},
          {"visibility", "visible"}};
}

// ---------------------------------------------------------------------------------------------
// JUnit XML.

/// How many testcases a suite has, and how they ended.
struct JunitCounts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t skipped = 0;

  void add(const JunitCounts& other) {
    tests += other.tests;
    failures += other.failures;
    skipped += other.skipped;
  }
};

JunitCounts count_kind(const GradedKind& kind) {
  JunitCounts counts;
  for (const GradedTest& test : kind.tests) {
    ++counts.tests;
    counts.failures += test.status == GradedStatus::failed ? 1 : 0;
    const bool skipped =
        test.status == GradedStatus::not_run || test.status == GradedStatus::ungraded;
    counts.skipped += skipped ? 1 : 0;
  }
  return counts;
}

std::string counts_attributes(const JunitCounts& counts) {
  return " tests=\"" + std::to_string(counts.tests) + "\" failures=\"" +
         std::to_string(counts.failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(counts.skipped) + "\"";
}

std::string junit_testcase(const std::string& suite, const GradedTest& test) {
  std::string xml = "    <testcase classname=\"" + escape_attribute(suite) + "\" name=\"" +
                    escape_attribute(test.name) + "\" time=\"0\"";
  if (test.status == GradedStatus::passed) {
    return xml + "/>\n";
  }
  const std::string first = first_evidence_line(test);
  if (test.status == GradedStatus::failed) {
    xml += ">\n      <failure message=\"" + escape_attribute(first.empty() ? "failed" : first) +
           "\" type=\"failed\">" + escape_xml(join(evidence_lines(test), "\n")) + "</failure>\n";
  } else {
    const std::string why = to_string(test.status) + (first.empty() ? "" : ": " + first);
    xml += ">\n      <skipped message=\"" + escape_attribute(why) + "\"/>\n";
  }
  return xml + "    </testcase>\n";
}

/// The lab's missing files and compile error, for each of its suites.
std::string junit_lab_output(const GradedLab& lab) {
  std::string xml;
  if (!lab.files_missing.empty()) {
    xml += "    <system-out>" + escape_xml("missing: " + missing_files_note(lab.files_missing)) +
           "</system-out>\n";
  }
  if (!lab.compile_error.empty()) {
    xml += "    <system-err>" + escape_xml("does not compile:\n" + join(lab.compile_error, "\n")) +
           "</system-err>\n";
  }
  return xml;
}

std::string junit_suite(const GradedLab& lab, const GradedKind& kind) {
  const std::string name = lab_key(lab) + "." + kind.kind;
  std::string xml = "  <testsuite name=\"" + escape_attribute(name) + "\"" +
                    counts_attributes(count_kind(kind)) + " time=\"0\">\n";
  for (const GradedTest& test : kind.tests) {
    xml += junit_testcase(name, test);
  }
  return xml + junit_lab_output(lab) + "  </testsuite>\n";
}

std::string junit_problems_suite(const std::vector<std::string>& problems) {
  return "  <testsuite name=\"submission\"" + counts_attributes({1, 1, 0}) +
         " time=\"0\">\n    <testcase classname=\"submission\" name=\"problems\" "
         "time=\"0\">\n      <failure message=\"" +
         escape_attribute(problems.front()) + "\" type=\"problem\">" +
         escape_xml(join(problems, "\n")) + "</failure>\n    </testcase>\n  </testsuite>\n";
}

// ---------------------------------------------------------------------------------------------
// HTML.

constexpr std::string_view kStyleSheet = R"css(
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1, h2, h3 { font-weight: 600; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 0.6em; overflow-x: auto;
      white-space: pre-wrap; }
.pass { color: #1a7f37; }
.fail { color: #c0262d; }
.ungraded { color: #9a6700; }
.tag { font-weight: 700; margin-right: 0.4em; }
.bar { background: #4a7bd0; height: 1em; }
.bar-cell { width: 20em; }
.number { text-align: right; font-variant-numeric: tabular-nums; }
)css";

/// "pass" or "fail": the CSS class of a score.
std::string score_class(double score, double max_score) {
  return score >= max_score ? "pass" : "fail";
}

std::string html_score(double score, double max_score) {
  return "<span class=\"" + score_class(score, max_score) + "\">" +
         escape_xml(score_of(score, max_score)) + "</span>";
}

/// "12 passed, 1 failed, 2 not run".
std::string status_counts(const GradedKind& kind) {
  std::vector<std::string> parts;
  for (const auto& [status, name] : kStatusNames) {
    std::size_t count = 0;
    for (const GradedTest& test : kind.tests) {
      count += test.status == status ? 1 : 0;
    }
    if (count > 0) {
      parts.push_back(std::to_string(count) + " " + to_string(status));
    }
  }
  return parts.empty() ? "no tests" : join(parts, ", ");
}

std::string html_kind_row(const GradedKind& kind) {
  if (kind.ungraded) {
    return "<tr><td>" + escape_xml(kind.kind) +
           "</td><td class=\"ungraded\">not measured</td><td>" + escape_xml(ungraded_reason(kind)) +
           "</td></tr>\n";
  }
  return "<tr><td>" + escape_xml(kind.kind) + "</td><td>" + html_score(kind.score, kind.max_score) +
         "</td><td>" + escape_xml(status_counts(kind)) + "</td></tr>\n";
}

std::string html_lost_test(const GradedKind& kind, const GradedTest& test) {
  const bool failed = test.status == GradedStatus::failed;
  const double lost = test.max_score - test.score;
  std::string html = "<p><span class=\"tag fail\">" + std::string(failed ? "FAIL" : "NOT RUN") +
                     "</span><code>" + escape_xml(kind.kind + " · " + test.name) + "</code>" +
                     (lost > 0.0 ? " &minus;" + format_points(lost) : "") + "</p>\n";
  const std::vector<std::string> evidence = evidence_lines(test);
  return evidence.empty() ? html : html + "<pre>" + escape_xml(join(evidence, "\n")) + "</pre>\n";
}

std::string html_lab_notes(const GradedLab& lab) {
  std::string html;
  if (!lab.files_missing.empty()) {
    html += "<p>Missing: " + escape_xml(missing_files_note(lab.files_missing)) + "</p>\n";
  }
  if (!lab.compile_error.empty()) {
    html += "<p class=\"fail\">Does not compile:</p>\n<pre>" +
            escape_xml(join(lab.compile_error, "\n")) + "</pre>\n";
  }
  return html;
}

std::string html_lab(const GradedLab& lab) {
  std::string html = "<section>\n<h2>" + escape_xml(lab_label(lab) + " · " + lab.title) + " " +
                     html_score(lab.score, lab.max_score) + "</h2>\n" + html_lab_notes(lab) +
                     "<table>\n<tr><th>Kind</th><th>Score</th><th>Tests</th></tr>\n";
  std::string lost;
  for (const GradedKind& kind : lab.kinds) {
    html += html_kind_row(kind);
    for (const GradedTest& test : kind.tests) {
      lost += lost_points(test) ? html_lost_test(kind, test) : "";
    }
  }
  html += "</table>\n";
  return html + (lost.empty() ? "" : "<h3>Lost points</h3>\n" + lost) + "</section>\n";
}

std::string html_problems(const std::vector<std::string>& problems) {
  if (problems.empty()) {
    return {};
  }
  std::string html = "<h2 class=\"fail\">Problems</h2>\n<ul>\n";
  for (const std::string& problem : problems) {
    html += "<li>" + escape_xml(problem) + "</li>\n";
  }
  return html + "</ul>\n";
}

std::string dump_json(const json& document) {
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  constexpr std::array<std::pair<std::string_view, ReportFormat>, 5> kFormats{{
      {"text", ReportFormat::text},
      {"json", ReportFormat::json},
      {"gradescope", ReportFormat::gradescope},
      {"junit", ReportFormat::junit},
      {"html", ReportFormat::html},
  }};
  for (const auto& [known, format] : kFormats) {
    if (known == name) {
      return format;
    }
  }
  return std::nullopt;
}

std::string_view file_name(ReportFormat format) {
  switch (format) {
    case ReportFormat::text:
      return "grade.txt";
    case ReportFormat::json:
      return "grade.json";
    case ReportFormat::gradescope:
      return "results.json";
    case ReportFormat::junit:
      return "junit.xml";
    case ReportFormat::html:
      return "grade.html";
  }
  throw std::logic_error("ReportFormat without a file name");
}

std::string format_text(const Grade& grade, bool color) {
  return text_report(grade, Painter{color}, true);
}

json to_json(const Grade& grade) {
  json labs = json::array();
  for (const GradedLab& lab : grade.labs) {
    labs.push_back(lab_json(lab));
  }
  return {{"format", std::string(kGradeFormat)},
          {"submission", grade.submission},
          {"content_hash", grade.content_hash},
          {"graded_at", grade.graded_at},
          {"score", grade.score},
          {"max_score", grade.max_score},
          {"labs", std::move(labs)},
          {"problems", grade.problems},
          {"seconds", grade.seconds}};
}

Grade grade_from_json(const json& document) {
  const JsonFields fields(document, "");
  const std::string format = fields.string("format");
  if (format != kGradeFormat) {
    malformed("format", "expected \"" + std::string(kGradeFormat) + "\", got \"" + format + "\"");
  }
  Grade grade;
  grade.submission = fields.string("submission");
  grade.content_hash = fields.string("content_hash");
  grade.graded_at = fields.string("graded_at");
  grade.score = fields.number("score");
  grade.max_score = fields.number("max_score");
  grade.labs = fields.each("labs", read_lab);
  grade.problems = fields.strings("problems");
  grade.seconds = fields.number("seconds");
  return grade;
}

json to_gradescope(const Grade& grade) {
  json tests = json::array();
  for (const GradedLab& lab : grade.labs) {
    for (const GradedKind& kind : lab.kinds) {
      for (const GradedTest& test : kind.tests) {
        tests.push_back(gradescope_test(lab, kind, test));
      }
    }
  }
  return {{"score", grade.score},
          {"execution_time", std::llround(std::max(grade.seconds, 0.0))},
          {"output", text_report(grade, Painter{false}, false)},
          {"stdout_visibility", "visible"},
          {"tests", std::move(tests)}};
}

std::string to_junit(const Grade& grade) {
  JunitCounts total;
  std::string suites;
  if (!grade.problems.empty()) {
    total.add({1, 1, 0});
    suites += junit_problems_suite(grade.problems);
  }
  for (const GradedLab& lab : grade.labs) {
    for (const GradedKind& kind : lab.kinds) {
      total.add(count_kind(kind));
      suites += junit_suite(lab, kind);
    }
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" +
         escape_attribute(grade.submission) + "\"" + counts_attributes(total) + " time=\"" +
         fixed(grade.seconds, 3) + "\">\n" + suites + "</testsuites>\n";
}

std::string to_html(const Grade& grade) {
  std::string body = "<h1>" + escape_xml(grade.submission) + "</h1>\n<p>Total " +
                     html_score(grade.score, grade.max_score) + "</p>\n" +
                     html_problems(grade.problems);
  for (const GradedLab& lab : grade.labs) {
    body += html_lab(lab);
  }
  return html_page("conclab grade: " + grade.submission, body);
}

std::string render(const Grade& grade, ReportFormat format, bool color) {
  switch (format) {
    case ReportFormat::text:
      return format_text(grade, color);
    case ReportFormat::json:
      return dump_json(to_json(grade));
    case ReportFormat::gradescope:
      return dump_json(to_gradescope(grade));
    case ReportFormat::junit:
      return to_junit(grade);
    case ReportFormat::html:
      return to_html(grade);
  }
  throw std::logic_error("ReportFormat without a renderer");
}

std::string format_points(double points) {
  return fixed(points, 1);
}

std::string format_number(double number) {
  std::string text = fixed(number, 2);
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

std::string html_page(std::string_view title, std::string_view body_html) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n<title>" +
         escape_xml(title) + "</title>\n<style>" + std::string(kStyleSheet) +
         "</style>\n</head>\n<body>\n" + std::string(body_html) + "</body>\n</html>\n";
}

}  // namespace conclab::grading
