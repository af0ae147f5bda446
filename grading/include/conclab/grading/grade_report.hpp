/// @file grade_report.hpp
/// @brief Every report format of one graded submission: text for a terminal, conclab's own
/// JSON (stored results, resumable batches), Gradescope's results.json, JUnit XML and a
/// self-contained HTML page. All are written from a Grade alone.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// A way to write down a Grade.
enum class ReportFormat {
  text,        ///< What a person reads in a terminal (format_text).
  json,        ///< conclab's own JSON, read back by grade_from_json (to_json).
  gradescope,  ///< Gradescope's autograder results.json (to_gradescope).
  junit,       ///< JUnit XML, for CI systems and test dashboards (to_junit).
  html,        ///< One self-contained HTML page (to_html).
};

/// The format called `name` ("text", "json", "gradescope", "junit", "html"), if there is one.
[[nodiscard]] std::optional<ReportFormat> parse_report_format(std::string_view name);

/// The file a report in `format` is written to: "grade.txt", "grade.json", "results.json",
/// "junit.xml" or "grade.html".
[[nodiscard]] std::string_view file_name(ReportFormat format);

/// The grade as a person reads it in a terminal: problems first, then per lab a header line,
/// missing files, the compile error, one line per kind and, under each kind, the tests that
/// failed or did not run with their evidence; the last line is the total. With `color`, ANSI
/// colors mark what passed (green), failed (red) and could not be measured (yellow). Control
/// characters in the submission's text are dropped, so student output cannot drive the
/// terminal.
[[nodiscard]] std::string format_text(const Grade& grade, bool color);

/// The grade as conclab's own JSON (`"format": "conclab-grade-1"`), which grade_from_json
/// reads back exactly. Strings are stored as they are: dump with
/// nlohmann::json::error_handler_t::replace if they may hold invalid UTF-8 (render does).
[[nodiscard]] nlohmann::json to_json(const Grade& grade);

/// The grade that to_json wrote. Throws std::runtime_error naming the offending field when
/// `json` is not a conclab-grade-1 document (another format, a missing field, a wrong type,
/// an unknown status).
[[nodiscard]] Grade grade_from_json(const nlohmann::json& json);

/// The grade as Gradescope's autograder results.json: the total `score`, `execution_time`
/// (whole seconds), an `output` summary (problems, compile errors, missing files, scores per
/// lab and kind), `stdout_visibility` "visible", and one entry in `tests` per graded test,
/// named "lab 01 · correctness · Suite.Name" and tagged with its kind and lab. A test that
/// could not be measured is "passed" with 0 of 0 points and says why in its output.
[[nodiscard]] nlohmann::json to_gradescope(const Grade& grade);

/// The grade as JUnit XML: one `<testsuite>` per lab and kind ("lab01.correctness"), one
/// `<testcase>` per test; failed tests carry a `<failure>` with the evidence, tests that did
/// not run or could not be measured a `<skipped>`. A lab's missing files and compile error go
/// to its suites' `<system-out>` and `<system-err>`; problems with the submission as a whole
/// form a failing suite "submission". conclab times labs, not tests, so only `<testsuites>`
/// carries a time.
[[nodiscard]] std::string to_junit(const Grade& grade);

/// The grade as one self-contained HTML page (inline CSS, no scripts, no external resources):
/// a table of kinds per lab, then the failed tests with their evidence.
[[nodiscard]] std::string to_html(const Grade& grade);

/// The grade written in `format` (JSON formats indented by 2, invalid UTF-8 replaced); `color`
/// applies to the text format only.
[[nodiscard]] std::string render(const Grade& grade, ReportFormat format, bool color);

/// `points` with one decimal: "85.0", "2.5".
[[nodiscard]] std::string format_points(double points);

/// `number` with at most two decimals, none that are 0: "100", "12.5", "33.33" (rubric
/// weights, means, percentages).
[[nodiscard]] std::string format_number(double number);

/// `text` made safe for XML and HTML text and quoted attributes: `&`, `<`, `>`, `"` and `'`
/// become entities, invalid UTF-8 becomes U+FFFD, and control characters other than newline
/// and tab are dropped.
[[nodiscard]] std::string escape_xml(std::string_view text);

/// The shell of a self-contained HTML page titled `title` (escaped here): doctype, charset, a
/// Content-Security-Policy that forbids scripts and external resources, and conclab's inline
/// style sheet, around `body_html`, which is inserted as it is.
[[nodiscard]] std::string html_page(std::string_view title, std::string_view body_html);

}  // namespace conclab::grading
