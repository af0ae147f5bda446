#include "conclab/grading/gtest_report.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace conclab::grading {

using Json = nlohmann::json;

namespace {

/// "0.012s" as seconds.
double parse_duration(const Json& test) {
  const auto time = test.find("time");
  if (time == test.end() || !time->is_string()) {
    return 0.0;
  }
  return std::strtod(time->get<std::string>().c_str(), nullptr);
}

std::string string_or_empty(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::vector<std::string> failure_messages(const Json& test) {
  std::vector<std::string> messages;
  const auto failures = test.find("failures");
  if (failures == test.end() || !failures->is_array()) {
    return messages;
  }
  for (const Json& failure : *failures) {
    if (failure.is_object()) {
      messages.push_back(string_or_empty(failure, "failure"));
    }
  }
  return messages;
}

/// Newer GoogleTest versions list the skip message as "skipped": [{"message": ...}].
std::string skip_message(const Json& test) {
  const auto skipped = test.find("skipped");
  if (skipped == test.end() || !skipped->is_array() || skipped->empty()) {
    return {};
  }
  return string_or_empty(skipped->front(), "message");
}

/// The result of one test entry, or nothing for a test that was not run (disabled, filtered).
std::optional<TestResult> parse_test(const std::string& suite, const Json& test) {
  if (!test.is_object() || string_or_empty(test, "status") == "NOTRUN") {
    return std::nullopt;
  }
  const std::string outcome = string_or_empty(test, "result");
  if (outcome == "SUPPRESSED") {
    return std::nullopt;
  }
  TestResult result;
  result.suite = suite;
  result.name = string_or_empty(test, "name");
  result.failures = failure_messages(test);
  result.seconds = parse_duration(test);
  if (!result.failures.empty()) {
    result.status = TestStatus::failed;
  } else if (outcome == "SKIPPED") {
    result.status = TestStatus::skipped;
    result.skip_message = skip_message(test);
  }
  return result;
}

}  // namespace

std::string TestResult::full_name() const {
  return suite + "." + name;
}

std::size_t GtestReport::count(TestStatus status) const {
  return static_cast<std::size_t>(
      std::count_if(tests.begin(), tests.end(),
                    [status](const TestResult& test) { return test.status == status; }));
}

GtestReport parse_gtest_report(std::string_view json_text) {
  const Json root = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || !root.contains("testsuites") || !root["testsuites"].is_array()) {
    throw GtestReportError("not a GoogleTest JSON report (no \"testsuites\" array)");
  }
  GtestReport report;
  for (const Json& suite : root["testsuites"]) {
    const auto tests = suite.find("testsuite");
    if (!suite.is_object() || tests == suite.end() || !tests->is_array()) {
      throw GtestReportError("a test suite of the report has no \"testsuite\" array");
    }
    const std::string suite_name = string_or_empty(suite, "name");
    for (const Json& test : *tests) {
      if (auto result = parse_test(suite_name, test)) {
        report.tests.push_back(std::move(*result));
      }
    }
  }
  return report;
}

std::optional<GtestReport> read_gtest_report(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse_gtest_report(text.str());
  } catch (const GtestReportError&) {
    return std::nullopt;
  }
}

}  // namespace conclab::grading
