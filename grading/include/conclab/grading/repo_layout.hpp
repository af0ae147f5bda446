/// @file repo_layout.hpp
/// @brief Where things are in a conclab checkout and its build trees.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace conclab::grading {

/// The configure/build preset students use; its build tree also holds conclab's own files.
inline constexpr std::string_view kDefaultPreset = "default";
/// The ThreadSanitizer preset.
inline constexpr std::string_view kTsanPreset = "tsan";
/// The AddressSanitizer preset (with UndefinedBehaviorSanitizer).
inline constexpr std::string_view kAsanPreset = "asan";

/// The repository root above `start`: the nearest folder that has both labs/ and
/// CMakePresets.json, or nothing.
[[nodiscard]] std::optional<std::filesystem::path> find_repo_root_from(
    const std::filesystem::path& start);

/// The repository root: $CONCLAB_ROOT when set, otherwise found from the current folder.
/// Throws UserError when neither works.
[[nodiscard]] std::filesystem::path find_repo_root();

/// The paths of a checkout. Everything conclab writes lives under build/, never beside the
/// sources.
class RepoLayout {
 public:
  /// A layout rooted at `root` (an absolute path).
  explicit RepoLayout(std::filesystem::path root);

  /// The repository root.
  [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }
  /// labs/ under the root.
  [[nodiscard]] std::filesystem::path labs_dir() const;
  /// solutions/LAB under the root: the reference solution's student files.
  [[nodiscard]] std::filesystem::path solution_dir(std::string_view lab_dir_name) const;
  /// build/PRESET.
  [[nodiscard]] std::filesystem::path build_dir(std::string_view preset) const;
  /// True when build/PRESET has been configured (it has a CMakeCache.txt).
  [[nodiscard]] bool is_configured(std::string_view preset) const;
  /// build/default/conclab-progress.json.
  [[nodiscard]] std::filesystem::path progress_file() const;
  /// build/PRESET/conclab-build.log: the output of the last build conclab ran there.
  [[nodiscard]] std::filesystem::path build_log(std::string_view preset) const;
  /// build/default/results/LAB: where the GoogleTest JSON reports of a check go.
  [[nodiscard]] std::filesystem::path results_dir(std::string_view lab_dir_name) const;
  /// build/default/conclab-backups: where `reset` keeps the files it replaces.
  [[nodiscard]] std::filesystem::path backups_dir() const;
  /// The test executable of one kind: build/PRESET/labs/LAB/VARIANT/KIND_test.
  [[nodiscard]] std::filesystem::path test_executable(std::string_view preset,
                                                      std::string_view lab_dir_name,
                                                      std::string_view variant,
                                                      std::string_view kind) const;
  /// common/scripts/run-test: the launcher every test executable runs through.
  [[nodiscard]] std::filesystem::path test_launcher() const;
  /// `path` relative to the root when it is inside it, for messages.
  [[nodiscard]] std::string display(const std::filesystem::path& path) const;

 private:
  std::filesystem::path root_;
};

}  // namespace conclab::grading
