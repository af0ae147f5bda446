#include "conclab/grading/report/html_report.hpp"

#include "conclab/grading/report/formatting.hpp"
#include "conclab/grading/text.hpp"
#include "report_common.hpp"

namespace conclab::grading {

namespace {

using namespace report_detail;

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
.provisional { background: #fff8c5; border: 1px solid #d4a72c; padding: 0.6em 1em; }
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

/// The banner of a provisional grade, or "".
std::string html_provisional(const Grade& grade) {
  const std::string note = provisional_note(grade);
  if (note.empty()) {
    return {};
  }
  return "<p class=\"provisional\"><strong>Provisional:</strong> " + escape_xml(note) + ".</p>\n";
}

/// The flagged lines of the submission (flag_lines), for the instructor, or "".
std::string html_flags(const Grade& grade) {
  const std::vector<std::string> lines = flag_lines(grade);
  if (lines.empty()) {
    return {};
  }
  std::string html =
      "<div class=\"provisional\"><strong>Flagged for the instructor:</strong> "
      "these lines reach for the test harness.\n<ul>\n";
  for (const std::string& line : lines) {
    html += "<li><code>" + escape_xml(line) + "</code></li>\n";
  }
  return html + "</ul>\n</div>\n";
}

}  // namespace

std::string to_html(const Grade& grade) {
  std::string body = "<h1>" + escape_xml(grade.submission) + "</h1>\n" + html_provisional(grade) +
                     html_flags(grade) + "<p>Total " + html_score(grade.score, grade.max_score) +
                     "</p>\n" + html_problems(grade.problems);
  for (const GradedLab& lab : grade.labs) {
    body += html_lab(lab);
  }
  return html_page("conclab grade: " + grade.submission, body);
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
