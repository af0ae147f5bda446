/// @file sanitizer_report.hpp
/// @brief Picking ThreadSanitizer and AddressSanitizer reports out of a test's output and
/// trimming them to what a student needs: what happened, and which lines of the lab did it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// The marker every ThreadSanitizer report starts with.
inline constexpr std::string_view kTsanWarning = "WARNING: ThreadSanitizer:";
/// The marker every AddressSanitizer report starts with.
inline constexpr std::string_view kAsanError = "ERROR: AddressSanitizer:";
/// What the first line of every UndefinedBehaviorSanitizer report holds, after the place.
inline constexpr std::string_view kUbsanError = ": runtime error: ";

/// One sanitizer report, trimmed for a student.
struct SanitizerReport {
  /// The test that was running when it was printed ("Suite.Name"), empty if none was.
  std::string test;
  /// "WARNING: ThreadSanitizer: data race" (or "ERROR: AddressSanitizer: heap-use-after-free
  /// on address 0x..."), then for each access (or mutex, or the free and the allocation of the
  /// memory) its heading and its first two stack frames in the repository's own code (the
  /// first two frames when none is), paths relative to the repository root.
  std::vector<std::string> lines;

  /// "ThreadSanitizer", "AddressSanitizer" or "UndefinedBehaviorSanitizer": which sanitizer
  /// printed it.
  [[nodiscard]] std::string_view sanitizer() const;
};

/// Each function below shows source paths from the repository's `root` (source_path()): a
/// relative one is taken from `build_dir`, the tree the executable was built in, and a grader
/// slot's copy of a student file reads as the lab's own file.

/// Every ThreadSanitizer report in `output` (a GoogleTest run's console output), trimmed to
/// the WARNING line and the first two stack frames of each access. Frames of the standard
/// library, the sanitizer runtime and the system are passed over: they never say which line of
/// the lab raced.
[[nodiscard]] std::vector<SanitizerReport> extract_tsan_reports(
    std::string_view output, const std::filesystem::path& root,
    const std::filesystem::path& build_dir = {});

/// Every AddressSanitizer report in `output`, trimmed the same way: the ERROR line (a
/// use after free, an overflow, a crash on a bad address), the access, where the memory was
/// freed and where it was allocated, two frames each.
[[nodiscard]] std::vector<SanitizerReport> extract_asan_reports(
    std::string_view output, const std::filesystem::path& root,
    const std::filesystem::path& build_dir = {});

/// Every UndefinedBehaviorSanitizer report in `output`: the place and what was undefined (a
/// store through a null pointer, an overflow), then two frames of its stack.
[[nodiscard]] std::vector<SanitizerReport> extract_ubsan_reports(
    std::string_view output, const std::filesystem::path& root,
    const std::filesystem::path& build_dir = {});

/// The reports of every sanitizer in `output`: ThreadSanitizer's, AddressSanitizer's, then
/// UndefinedBehaviorSanitizer's.
[[nodiscard]] std::vector<SanitizerReport> extract_sanitizer_reports(
    std::string_view output, const std::filesystem::path& root,
    const std::filesystem::path& build_dir = {});

}  // namespace conclab::grading
