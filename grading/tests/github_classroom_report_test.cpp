#include "conclab/grading/report/github_classroom_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "conclab/grading/report/report_format.hpp"
#include "report_samples.hpp"

using conclab::grading::Grade;
using conclab::grading::GradedKind;
using conclab::grading::GradedStatus;
using conclab::grading::GradedTest;
using conclab::grading::ReportFormat;
using conclab::grading::testing::broken_grade;
using conclab::grading::testing::contains;
using conclab::grading::testing::make_test;
using conclab::grading::testing::sample_grade;
using nlohmann::json;

namespace {

/// Lab 01 as the judge scores it (5 + 3 + 2 points): correctness half passed (2.5); race lost
/// both task tests and broke a guard, its -1.5 floored at 0; speedup not measured, its 2
/// points given. 4.5 of 10.
Grade judged_grade() {
  Grade grade = sample_grade();
  GradedKind& race = grade.labs[0].kinds[1];
  GradedTest guard = make_test("Race.Stubs", "race", GradedStatus::failed, -1.5, 0.0, {"broke"});
  guard.guard = true;
  race.tests = {make_test("Race.One", "race", GradedStatus::failed, 0.0, 1.5, {"race"}),
                make_test("Race.Two", "race", GradedStatus::failed, 0.0, 1.5, {"race"}), guard};
  race.score = 0.0;
  race.max_score = 3.0;
  GradedKind& speedup = grade.labs[0].kinds[2];
  speedup.score = 2.0;
  speedup.max_score = 2.0;
  grade.labs[0].score = grade.score = 4.5;
  grade.labs[0].max_score = grade.max_score = 10.0;
  return grade;
}

/// RFC 4648 base64 decoded, independently of the encoder under test.
std::string decode_base64(std::string_view text) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  unsigned bits = 0;
  int count = 0;
  for (const char c : text) {
    if (c == '=') {
      break;
    }
    bits = (bits << 6U) | static_cast<unsigned>(kAlphabet.find(c));
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes += static_cast<char>((bits >> static_cast<unsigned>(count)) & 0xFFU);
    }
  }
  return bytes;
}

/// The document has exactly the command grader's fields, with their types.
void check_schema(const json& result) {
  REQUIRE(result.is_object());
  std::set<std::string> keys;
  for (const auto& [key, value] : result.items()) {
    keys.insert(key);
  }
  CHECK(keys == std::set<std::string>{"version", "status", "max_score", "tests"});
  CHECK(result["version"] == 1);
  CHECK(result["version"].is_number_integer());
  const std::set<std::string> statuses{"pass", "fail", "error"};
  CHECK(statuses.contains(result["status"].get<std::string>()));
  CHECK(result["max_score"].is_number());
  REQUIRE(result["tests"].is_array());
  for (const json& test : result["tests"]) {
    std::set<std::string> test_keys;
    for (const auto& [key, value] : test.items()) {
      test_keys.insert(key);
    }
    CHECK(test_keys == std::set<std::string>{"name", "status", "score", "message", "test_code",
                                             "filename", "line_no", "duration"});
    CHECK(test["name"].is_string());
    CHECK(statuses.contains(test["status"].get<std::string>()));
    CHECK(test["score"].is_number());
    CHECK(test["message"].is_string());
    CHECK(test["test_code"] == "");  // the reporter prints it when it is not empty
    CHECK(test["filename"] == "");
    CHECK(test["line_no"] == 0);  // the reporter prints it when it is not 0
    CHECK(test["line_no"].is_number_integer());
    CHECK(test["duration"].is_number());
  }
}

double sum_of_scores(const json& result) {
  double sum = 0.0;
  for (const json& test : result["tests"]) {
    sum += test["score"].get<double>();
  }
  return sum;
}

}  // namespace

TEST_CASE("GitHub Classroom results have the command grader's fields and types") {
  check_schema(conclab::grading::to_github_classroom(sample_grade()));
  check_schema(conclab::grading::to_github_classroom(judged_grade()));
  check_schema(conclab::grading::to_github_classroom(broken_grade()));
  check_schema(conclab::grading::to_github_classroom(Grade{}));
}

TEST_CASE("GitHub Classroom results add up to the grade, as Classroom sums them") {
  const Grade grade = judged_grade();
  const json result = conclab::grading::to_github_classroom(grade);
  CHECK(result["max_score"] == 10.0);
  CHECK(sum_of_scores(result) == doctest::Approx(grade.score));
  CHECK(result["status"] == "fail");

  const json& tests = result["tests"];
  REQUIRE(tests.size() == 6);
  CHECK(tests[0]["name"] == "lab 01 · correctness · Counter.Increments");
  CHECK(tests[0]["status"] == "pass");
  CHECK(tests[0]["score"] == 2.5);
  CHECK(tests[0]["message"] == "");
  CHECK(tests[1]["status"] == "fail");
  CHECK(tests[1]["message"] == "expected 4000, got 3987\nchaos seed 42 replays it");
  CHECK(tests[4]["name"] == "lab 01 · race · Race.Stubs");  // the floor lifted the guard
  CHECK(tests[4]["status"] == "fail");
  CHECK(tests[4]["score"] == 0.0);
  CHECK(tests[5]["name"] == "lab 01 · speedup · Speedup.FourThreads");
  CHECK(tests[5]["status"] == "pass");
  CHECK(tests[5]["score"] == 2.0);  // the unmeasured kind's points, given
  CHECK(contains(tests[5]["message"].get<std::string>(), "the grade is provisional"));
  CHECK(contains(tests[5]["message"].get<std::string>(), "only 1 core available"));

  // An unmeasured kind without tests still carries its points.
  Grade empty = judged_grade();
  empty.labs[0].kinds[2].tests.clear();
  const json without = conclab::grading::to_github_classroom(empty);
  CHECK(sum_of_scores(without) == doctest::Approx(empty.score));
  CHECK(without["tests"].back()["name"] == "lab 01 · speedup");
}

TEST_CASE("GitHub Classroom results pass only a full grade and error on submission problems") {
  Grade full = judged_grade();
  full.labs[0].kinds.resize(1);
  full.labs[0].kinds[0].tests.resize(1);
  CHECK(conclab::grading::to_github_classroom(full)["status"] == "pass");

  const json broken = conclab::grading::to_github_classroom(broken_grade());
  CHECK(broken["status"] == "error");
  CHECK(broken["tests"][0]["status"] == "error");
  CHECK(contains(broken["tests"][0]["message"].get<std::string>(), "would not unpack"));
  CHECK(broken["tests"][1]["status"] == "fail");  // did not compile
  CHECK(broken["tests"][1]["message"] == "the code did not compile");
}

TEST_CASE("GitHub Classroom results cut long evidence on a character boundary") {
  Grade grade = sample_grade();
  grade.labs[0].kinds[0].tests[1].evidence = {std::string(999, 'x') + "\xC3\xA9 and more"};
  const std::string message =
      conclab::grading::to_github_classroom(grade)["tests"][1]["message"].get<std::string>();
  CHECK(message == std::string(999, 'x') + "\xE2\x80\xA6");
}

TEST_CASE("the GitHub Classroom result is the document in base64 on one line") {
  const Grade grade = judged_grade();
  const std::string result = conclab::grading::github_classroom_result(grade);
  CHECK(result.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
        std::string::npos);
  CHECK(json::parse(decode_base64(result)) == conclab::grading::to_github_classroom(grade));

  CHECK(conclab::grading::parse_report_format("github-classroom") ==
        ReportFormat::github_classroom);
  CHECK(conclab::grading::file_name(ReportFormat::github_classroom) == "github-classroom.b64");
  CHECK(conclab::grading::render(grade, ReportFormat::github_classroom, false) == result + "\n");

  Grade hostile = sample_grade();  // not UTF-8: replaced, still JSON
  hostile.labs[0].kinds[0].tests[1].evidence = {"bytes \xFF\xFE here"};
  const json read = json::parse(decode_base64(conclab::grading::github_classroom_result(hostile)));
  CHECK(read["tests"][1]["message"] == "bytes \xEF\xBF\xBD\xEF\xBF\xBD here");
}
