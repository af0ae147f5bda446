/// @file time_table.hpp
/// @brief Where the self-test's time went: wall time per stage, and each lab's share of the
/// builds, the test runs and the grader's proof, so that the cost of a new lab shows the day it
/// lands.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// The row of everything that belongs to no one lab (the toolkit, the grader, the docs).
inline constexpr std::string_view kSharedRow = "shared";

/// The two-digit lab a build output or a test belongs to ("01" for lab01_solution_race,
/// labs/01-threads-and-locks/..., lab01.solution.race, grade/01-threads-and-locks/...), or
/// kSharedRow when the name is no lab's.
[[nodiscard]] std::string lab_of(std::string_view name);

/// Seconds per lab (lab_of each output) of the compile and link steps that ninja's log
/// `ninja_log` records after its first `skip_lines` lines. Steps of parallel jobs are added
/// up, so the figures are job seconds, not wall time.
[[nodiscard]] std::map<std::string, double> ninja_seconds_by_lab(
    const std::filesystem::path& ninja_log, std::size_t skip_lines);

/// The number of lines of `file` (0 when it does not exist): where the next build's entries
/// of a ninja log start.
[[nodiscard]] std::size_t line_count(const std::filesystem::path& file);

/// Seconds per lab (lab_of each test's name) of the tests in a ctest run's output
/// ("12/97 Test #40: lab01.solution.race ....   Passed    3.21 sec"). Tests run in parallel
/// are added up.
[[nodiscard]] std::map<std::string, double> ctest_seconds_by_lab(std::string_view output);

/// Seconds per lab of the gradings in a grade-corpus run's output ("ok    lab 07 stubs
/// 0.0/100.0 (...)  6.3 s"). Gradings run at once are added up.
[[nodiscard]] std::map<std::string, double> corpus_seconds_by_lab(std::string_view output);

/// Wall time per stage, in the order the stages ran, and each lab's seconds per column.
class TimeTable {
 public:
  /// Records that `stage` took `seconds` of wall time.
  void add_stage(const std::string& stage, double seconds);
  /// Adds `seconds` to `lab`'s figure in `column` (e.g. "build default").
  void add_lab(const std::string& column, const std::string& lab, double seconds);
  /// Adds each lab's seconds of `by_lab` to `column`.
  void add_labs(const std::string& column, const std::map<std::string, double>& by_lab);

  /// The two tables as text: stages with their wall time and the total, then one row per lab
  /// (shared last) with a column per measured part and the row's total.
  [[nodiscard]] std::string render() const;

 private:
  std::vector<std::pair<std::string, double>> stages_;
  std::vector<std::string> columns_;
  std::map<std::string, std::map<std::string, double>> labs_;  // lab -> column -> seconds
};

}  // namespace conclab::grading
