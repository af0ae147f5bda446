/// @file report_format.hpp
/// @brief The registry of report formats: each format's name, the file it is written to and
/// how it is rendered. A new format is one file of its own and one row here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// A way to write down a Grade.
enum class ReportFormat {
  text,              ///< What a person reads in a terminal (format_text).
  json,              ///< conclab's own JSON, read back by grade_from_json (to_json).
  gradescope,        ///< Gradescope's autograder results.json (to_gradescope).
  junit,             ///< JUnit XML, for CI systems and test dashboards (to_junit).
  html,              ///< One self-contained HTML page (to_html).
  github_classroom,  ///< GitHub Classroom's grader step result (github_classroom_result).
};

/// The format called `name` ("text", "json", "gradescope", "junit", "html",
/// "github-classroom"), if there is one.
[[nodiscard]] std::optional<ReportFormat> parse_report_format(std::string_view name);

/// The names of every format, in the registry's order ("text", "json", ...), for help texts
/// and error messages.
[[nodiscard]] std::vector<std::string_view> report_format_names();

/// The file a report in `format` is written to: "grade.txt", "grade.json", "results.json",
/// "junit.xml", "grade.html" or "github-classroom.b64".
[[nodiscard]] std::string_view file_name(ReportFormat format);

/// The grade written in `format` (JSON formats indented by 2, invalid UTF-8 replaced; GitHub
/// Classroom's result one line of base64); `color` applies to the text format only.
[[nodiscard]] std::string render(const Grade& grade, ReportFormat format, bool color);

}  // namespace conclab::grading
