#include "conclab/grading/report/text_report.hpp"

#include <algorithm>

#include "conclab/grading/report/formatting.hpp"
#include "conclab/grading/text.hpp"
#include "report_common.hpp"

namespace conclab::grading {

namespace {

using namespace report_detail;

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
  const std::string provisional = provisional_note(grade);
  if (!provisional.empty()) {
    out += painter.paint("PROVISIONAL: " + terminal_safe(provisional), Paint::ungraded) + "\n";
  }
  for (const std::string& flag : flag_lines(grade)) {
    out += painter.paint("FLAGGED for the instructor: ", Paint::fail) + terminal_safe(flag) + "\n";
  }
  return out + "total " + painter.score(grade.score, grade.max_score) + "\n";
}

}  // namespace

namespace report_detail {

std::string text_summary(const Grade& grade) {
  return text_report(grade, Painter{false}, false);
}

}  // namespace report_detail

std::string format_text(const Grade& grade, bool color) {
  return text_report(grade, Painter{color}, true);
}

}  // namespace conclab::grading
