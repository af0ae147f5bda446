/// @file kind_result.hpp
/// @brief What one run of a kind's test executable amounted to, however it ended.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conclab/grading/gtest_report.hpp"
#include "conclab/grading/sanitizer_report.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/watchdog.hpp"  // kWatchdogExitCode, kWatchdogReportPrefix

namespace conclab::grading {

/// How a test executable's run ended.
enum class RunEnd {
  completed,    ///< It ran every test and wrote its report.
  watchdog,     ///< Its watchdog stopped a test that hung (exit code 86).
  timed_out,    ///< conclab's outer time limit stopped it.
  crashed,      ///< It ended without a whole report: a crash, a signal, an odd exit code.
  interrupted,  ///< The user pressed Ctrl-C.
};

/// The results of one kind of test of a lab.
struct KindResult {
  /// "correctness", "race", ...
  std::string kind;
  /// How the run ended.
  RunEnd end = RunEnd::completed;
  /// The tests that finished, in order (from the JSON report, or the output without one).
  std::vector<TestResult> tests;
  /// How many tests the run had, as far as is known (at least tests.size()).
  std::size_t expected_total = 0;
  /// The test that was running when the run stopped, if any.
  std::string unfinished_test;
  /// The lines of the watchdog's report.
  std::vector<std::string> watchdog_lines;
  /// ThreadSanitizer and AddressSanitizer reports; a test with one counts as failed.
  std::vector<SanitizerReport> sanitizer_reports;
  /// How the process ended, e.g. "was killed by signal 11 (Segmentation fault)".
  std::string exit_description;
  /// The signal that ended the process, if one did (a crash rather than an odd exit code).
  std::optional<int> signal;
  /// The last lines of the output, for runs that did not complete.
  std::vector<std::string> output_tail;

  /// Tests that passed.
  [[nodiscard]] std::size_t passed() const;
  /// Tests that were skipped.
  [[nodiscard]] std::size_t skipped() const;
  /// Tests that failed or never finished; at least 1 for a run that did not complete cleanly.
  [[nodiscard]] std::size_t failing() const;
  /// The number of tests to report: passed + skipped + failing.
  [[nodiscard]] std::size_t total() const;
  /// The sanitizer reports printed while `full_name` ran.
  [[nodiscard]] std::vector<SanitizerReport> sanitizer_reports_of(std::string_view full_name) const;
  /// The sanitizer reports printed outside any test (neither one that finished nor the one
  /// the run ended in).
  [[nodiscard]] std::vector<SanitizerReport> stray_sanitizer_reports() const;
};

/// Works out what a run of the `kind` test executable amounted to, from how the process
/// ended, what it printed and its JSON report (if it wrote one). `root` is the repository
/// root, for making paths relative.
[[nodiscard]] KindResult interpret_kind_run(std::string_view kind, const RunResult& run,
                                            const std::optional<GtestReport>& report,
                                            const std::filesystem::path& root,
                                            const std::filesystem::path& build_dir = {});

}  // namespace conclab::grading
