#include "conclab/grading/report/report_format.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "conclab/grading/report/formatting.hpp"
#include "conclab/grading/report/gradescope_report.hpp"
#include "conclab/grading/report/html_report.hpp"
#include "conclab/grading/report/json_report.hpp"
#include "conclab/grading/report/junit_report.hpp"
#include "conclab/grading/report/text_report.hpp"
#include "report_samples.hpp"

using conclab::grading::Grade;
using conclab::grading::GradedKind;
using conclab::grading::GradedLab;
using conclab::grading::GradedStatus;
using conclab::grading::GradedTest;
using conclab::grading::ReportFormat;
using conclab::grading::testing::broken_grade;
using conclab::grading::testing::contains;
using conclab::grading::testing::kHostileEvidence;
using conclab::grading::testing::sample_grade;
using nlohmann::json;

TEST_CASE("to_string names every graded status") {
  using conclab::grading::to_string;
  CHECK(to_string(GradedStatus::passed) == "passed");
  CHECK(to_string(GradedStatus::failed) == "failed");
  CHECK(to_string(GradedStatus::not_run) == "not run");
  CHECK(to_string(GradedStatus::ungraded) == "ungraded");
}

TEST_CASE("grade report formats are parsed by name and have their file names") {
  using conclab::grading::file_name;
  using conclab::grading::parse_report_format;
  CHECK(parse_report_format("text") == ReportFormat::text);
  CHECK(parse_report_format("json") == ReportFormat::json);
  CHECK(parse_report_format("gradescope") == ReportFormat::gradescope);
  CHECK(parse_report_format("junit") == ReportFormat::junit);
  CHECK(parse_report_format("html") == ReportFormat::html);
  CHECK_FALSE(parse_report_format("xml"));
  CHECK_FALSE(parse_report_format(""));
  CHECK(file_name(ReportFormat::text) == "grade.txt");
  CHECK(file_name(ReportFormat::json) == "grade.json");
  CHECK(file_name(ReportFormat::gradescope) == "results.json");
  CHECK(file_name(ReportFormat::junit) == "junit.xml");
  CHECK(file_name(ReportFormat::html) == "grade.html");
}

TEST_CASE("grade reports write points and numbers for people") {
  using conclab::grading::format_number;
  using conclab::grading::format_points;
  CHECK(format_points(85.0) == "85.0");
  CHECK(format_points(1.0 / 3.0) == "0.3");
  CHECK(format_points(-0.01) == "0.0");
  CHECK(format_number(100.0) == "100");
  CHECK(format_number(12.5) == "12.5");
  CHECK(format_number(100.0 / 3.0) == "33.33");
}

TEST_CASE("grade reports escape XML: invalid UTF-8 replaced, controls dropped, the rest kept") {
  using conclab::grading::escape_xml;
  CHECK(escape_xml("caf\xC3\xA9 \xE2\x9C\x93") == "caf\xC3\xA9 \xE2\x9C\x93");
  CHECK(escape_xml("a\xFF"
                   "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(escape_xml("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  CHECK(escape_xml("line\r\n\tnext\x7F\xC2\x85") == "line\n\tnext");
}

TEST_CASE("render writes a grade in each format") {
  using conclab::grading::render;
  const Grade grade = sample_grade();
  CHECK(json::parse(render(grade, ReportFormat::json, false)) == conclab::grading::to_json(grade));
  CHECK(json::parse(render(grade, ReportFormat::gradescope, false)) ==
        conclab::grading::to_gradescope(grade));
  CHECK(render(grade, ReportFormat::json, false).starts_with("{\n  \""));
  CHECK(render(grade, ReportFormat::junit, false) == conclab::grading::to_junit(grade));
  CHECK(render(grade, ReportFormat::html, false) == conclab::grading::to_html(grade));
  CHECK(render(grade, ReportFormat::text, true) == conclab::grading::format_text(grade, true));
}

TEST_CASE("render survives grade evidence that is not UTF-8") {
  Grade grade = sample_grade();
  grade.labs[0].kinds[0].tests[1].evidence = {"bytes \xFF\xFE here"};
  std::string written;
  CHECK_NOTHROW(written = conclab::grading::render(grade, ReportFormat::gradescope, false));
  const json results = json::parse(written);
  CHECK(results["tests"][1]["output"] == "bytes \xEF\xBF\xBD\xEF\xBF\xBD here");
  CHECK_NOTHROW(written = conclab::grading::render(grade, ReportFormat::json, false));
}

TEST_CASE("a grade is provisional when some kind of a lab could not be measured") {
  Grade grade = sample_grade();
  CHECK(grade.labs[0].kinds[2].unmeasured());
  CHECK_FALSE(grade.labs[0].kinds[0].unmeasured());
  CHECK(grade.labs[0].provisional());
  CHECK(grade.provisional());
  CHECK_FALSE(broken_grade().provisional());

  // One speedup test unmeasured, its share given to the other: measured only in part.
  Grade part = broken_grade();
  part.labs[0].kinds.push_back(conclab::grading::testing::make_kind(
      "speedup", {conclab::grading::testing::make_test("Speedup.Two", "speedup",
                                                       GradedStatus::passed, 5.0, 5.0),
                  conclab::grading::testing::make_test("Speedup.Four", "speedup",
                                                       GradedStatus::ungraded, 0.0, 0.0)}));
  CHECK_FALSE(part.labs[0].kinds[1].ungraded);
  CHECK(part.labs[0].kinds[1].unmeasured());
  CHECK(part.provisional());

  // A kind with no test at all that is ungraded as a whole.
  Grade empty = broken_grade();
  empty.labs[0].kinds.push_back(GradedKind{"speedup", 5.0, 5.0, true, {}});
  CHECK(empty.provisional());
}
