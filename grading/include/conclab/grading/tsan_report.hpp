/// @file tsan_report.hpp
/// @brief Picking ThreadSanitizer reports out of a test's output and trimming them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// The marker every ThreadSanitizer report starts with.
inline constexpr std::string_view kTsanWarning = "WARNING: ThreadSanitizer:";

/// One ThreadSanitizer report, trimmed for a student.
struct TsanReport {
  /// The test that was running when it was printed ("Suite.Name"), empty if none was.
  std::string test;
  /// "WARNING: ThreadSanitizer: data race", then for each access (or mutex) its heading and
  /// its first two stack frames in the repository's own code (the first two frames when none
  /// is), paths relative to the repository root.
  std::vector<std::string> lines;
};

/// Every ThreadSanitizer report in `output` (a GoogleTest run's console output), trimmed to
/// the WARNING line and the first two stack frames of each access. Frames of the standard
/// library, the sanitizer runtime and the system are passed over: they never say which line of
/// the lab raced.
[[nodiscard]] std::vector<TsanReport> extract_tsan_reports(std::string_view output,
                                                           const std::filesystem::path& root);

}  // namespace conclab::grading
