/// @file progress.hpp
/// @brief The student's progress through the labs, kept in the build tree.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace conclab::grading {

/// Whether a lab's last check passed.
enum class LabState { passing, failing };

/// The outcome of a lab's last check.
struct LabProgress {
  /// Passing or failing.
  LabState state = LabState::failing;
  /// Tests that passed.
  int passed = 0;
  /// Tests in all.
  int total = 0;
  /// When the check ran, ISO 8601 in UTC: "2024-11-21T16:30:00Z".
  std::string checked_at;
};

/// Each lab's last check, by lab folder name ("01-threads-and-locks").
using Progress = std::map<std::string, LabProgress>;

/// "passing" or "failing".
[[nodiscard]] std::string to_string(LabState state);

/// The progress saved in `file`; empty when the file is missing or unreadable.
[[nodiscard]] Progress load_progress(const std::filesystem::path& file);

/// Saves `progress` to `file` atomically (a temporary file renamed over it), creating the
/// folder if needed. Throws std::runtime_error when it cannot be written.
void save_progress(const std::filesystem::path& file, const Progress& progress);

/// Loads `file`, sets the entry of `lab_dir_name` and saves it again.
void record_progress(const std::filesystem::path& file, const std::string& lab_dir_name,
                     const LabProgress& entry);

/// The current time as ISO 8601 in UTC: "2024-11-21T16:30:00Z".
[[nodiscard]] std::string iso8601_now();

}  // namespace conclab::grading
