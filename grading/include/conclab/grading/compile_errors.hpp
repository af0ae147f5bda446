/// @file compile_errors.hpp
/// @brief Finding the first error in a compiler or build log.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// The first error of a build, ready to show.
struct CompileError {
  /// The error line itself, paths relative to the repository root:
  /// "labs/01-threads-and-locks/threads.cpp:4:3: error: expected ';' before 'return'".
  std::string headline;
  /// Up to four lines after it: the source excerpt, the caret, notes.
  std::vector<std::string> context;
};

/// The first line of `log` of the form "PATH:LINE:COL: error: ..." (or "fatal error:"), or a
/// linker "undefined reference to" line, with up to four lines of context. Absolute paths
/// under `repo_root` are shown relative to it; relative paths are taken from `build_dir`.
[[nodiscard]] std::optional<CompileError> first_compile_error(
    std::string_view log, const std::filesystem::path& repo_root,
    const std::filesystem::path& build_dir = {});

}  // namespace conclab::grading
