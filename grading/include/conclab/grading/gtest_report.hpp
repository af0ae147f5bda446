/// @file gtest_report.hpp
/// @brief Reading the JSON report a GoogleTest executable writes with --gtest_output=json.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// How one test ended.
enum class TestStatus { passed, failed, skipped };

/// One test's result.
struct TestResult {
  /// The test suite: "RunThreads".
  std::string suite;
  /// The test's own name: "ReturnsOnlyAfterEveryThreadFinished".
  std::string name;
  /// Passed, failed or skipped.
  TestStatus status = TestStatus::passed;
  /// Each failure as GoogleTest reports it: "FILE:LINE\nmessage...".
  std::vector<std::string> failures;
  /// Why the test was skipped (empty if it was not, or gave no reason).
  std::string skip_message;
  /// How long it ran, in seconds.
  double seconds = 0.0;

  /// "Suite.Name".
  [[nodiscard]] std::string full_name() const;
};

/// The tests of one run of a GoogleTest executable, in the order they are listed.
struct GtestReport {
  /// Every test that was run (disabled and filtered-out tests are left out).
  std::vector<TestResult> tests;

  /// How many tests ended with `status`.
  [[nodiscard]] std::size_t count(TestStatus status) const;
};

/// A GoogleTest JSON report that cannot be read.
class GtestReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses the text of a GoogleTest JSON report. Throws GtestReportError when it is not one.
[[nodiscard]] GtestReport parse_gtest_report(std::string_view json_text);

/// Reads the report at `file`: nothing when the file is missing or is not a whole report
/// (the executable crashed before writing it).
[[nodiscard]] std::optional<GtestReport> read_gtest_report(const std::filesystem::path& file);

}  // namespace conclab::grading
