#include "conclab/grading/report/report_format.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "conclab/grading/report/github_classroom_report.hpp"
#include "conclab/grading/report/gradescope_report.hpp"
#include "conclab/grading/report/html_report.hpp"
#include "conclab/grading/report/json_report.hpp"
#include "conclab/grading/report/junit_report.hpp"
#include "conclab/grading/report/text_report.hpp"
#include "report_common.hpp"

namespace conclab::grading {

namespace {

/// One report format: its value, the name --format takes, the file it is written to, and how
/// it is written (`color` matters to the text format only).
struct RegisteredFormat {
  ReportFormat format;
  std::string_view name;
  std::string_view file;
  std::string (*render)(const Grade& grade, bool color);
};

/// Every format, in the order help texts list them. A new format adds a row here.
constexpr std::array<RegisteredFormat, 6> kFormats{{
    {ReportFormat::text, "text", "grade.txt",
     [](const Grade& grade, bool color) { return format_text(grade, color); }},
    {ReportFormat::json, "json", "grade.json",
     [](const Grade& grade, bool /*color*/) { return report_detail::dump_json(to_json(grade)); }},
    {ReportFormat::gradescope, "gradescope", "results.json",
     [](const Grade& grade, bool /*color*/) {
       return report_detail::dump_json(to_gradescope(grade));
     }},
    {ReportFormat::junit, "junit", "junit.xml",
     [](const Grade& grade, bool /*color*/) { return to_junit(grade); }},
    {ReportFormat::html, "html", "grade.html",
     [](const Grade& grade, bool /*color*/) { return to_html(grade); }},
    {ReportFormat::github_classroom, "github-classroom", "github-classroom.b64",
     [](const Grade& grade, bool /*color*/) { return github_classroom_result(grade) + "\n"; }},
}};

const RegisteredFormat& registered(ReportFormat format) {
  for (const RegisteredFormat& entry : kFormats) {
    if (entry.format == format) {
      return entry;
    }
  }
  throw std::logic_error("ReportFormat missing from the registry");
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  for (const RegisteredFormat& entry : kFormats) {
    if (entry.name == name) {
      return entry.format;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> report_format_names() {
  std::vector<std::string_view> names;
  names.reserve(kFormats.size());
  for (const RegisteredFormat& entry : kFormats) {
    names.push_back(entry.name);
  }
  return names;
}

std::string_view file_name(ReportFormat format) {
  return registered(format).file;
}

std::string render(const Grade& grade, ReportFormat format, bool color) {
  return registered(format).render(grade, color);
}

}  // namespace conclab::grading
