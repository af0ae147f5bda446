/// @file gtest_console.hpp
/// @brief Reading what a GoogleTest executable printed, for runs that ended without a report.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// How far a test got, as far as the printed output shows.
enum class ConsoleStatus { running, passed, failed, skipped };

/// One test as the printed output shows it.
struct ConsoleTest {
  /// "Suite.Name".
  std::string full_name;
  /// Still running when the output ends, or how it ended.
  ConsoleStatus status = ConsoleStatus::running;
  /// The lines printed between "[ RUN      ]" and the line that ended the test.
  std::vector<std::string> lines;

  /// The text after "FILE:LINE: Skipped", joined into one line (empty if none).
  [[nodiscard]] std::string skip_message() const;
  /// Each failure, as "FILE:LINE\nmessage..." like the JSON report has it.
  [[nodiscard]] std::vector<std::string> failures() const;
};

/// A run as the printed output shows it.
struct ConsoleRun {
  /// The number in "[==========] Running N tests from ...", if it was printed.
  std::optional<std::size_t> announced_total;
  /// Every test that was started, in order.
  std::vector<ConsoleTest> tests;

  /// The test that was started but never ended (the one that hung or crashed), if any.
  [[nodiscard]] const ConsoleTest* unfinished() const;
  /// The test called `full_name`, if it was started.
  [[nodiscard]] const ConsoleTest* find(std::string_view full_name) const;
};

/// Parses GoogleTest's console output (run with --gtest_color=no).
[[nodiscard]] ConsoleRun parse_gtest_console(std::string_view output);

}  // namespace conclab::grading
