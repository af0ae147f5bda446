/// @file tamper_scan.hpp
/// @brief Lines of a submission that reach for the test harness instead of doing the task:
/// writing GoogleTest's report, reading the harness's command line, environment or open files,
/// running code after the tests end. No test can tell a forged report from a true one from
/// inside the same process, so the grader shows such lines to the instructor, with the reason.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace conclab::grading {

/// One suspicious line of a student file.
struct Suspicion {
  /// The student file, as lab.json names it.
  std::string file;
  /// Its line number, from 1.
  std::size_t line = 0;
  /// The line, trimmed.
  std::string text;
  /// Why it is suspicious, for the instructor: "reads the harness's command line".
  std::string why;
};

/// Every suspicious line of `files` (name → text), file by file, in line order. What follows
/// `//` on a line is a comment and is not read.
[[nodiscard]] std::vector<Suspicion> scan_for_tampering(
    const std::map<std::string, std::string>& files);

/// "counters.cpp:12: writes GoogleTest's report format: `out << \"testsuites\"`".
[[nodiscard]] std::string describe(const Suspicion& suspicion);

}  // namespace conclab::grading
