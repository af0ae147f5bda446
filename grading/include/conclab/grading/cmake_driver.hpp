/// @file cmake_driver.hpp
/// @brief Configuring and building the project's presets with cmake.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "conclab/grading/repo_layout.hpp"
#include "conclab/grading/subprocess.hpp"

namespace conclab::grading {

/// Parallel jobs for builds and test runs: the machines have two cores.
inline constexpr int kBuildJobs = 2;

/// Runs `cmake --preset PRESET` in the root. Throws MissingTool when cmake is missing.
[[nodiscard]] RunResult configure_preset(const RepoLayout& layout, std::string_view preset,
                                         bool stream_output);

/// Runs `cmake --build build/PRESET [--target T...] -j 2`; no targets builds everything.
/// Throws MissingTool when cmake is missing.
[[nodiscard]] RunResult build_targets(const RepoLayout& layout, std::string_view preset,
                                      const std::vector<std::string>& targets, bool stream_output);

/// The CMake target that builds every test executable of a lab variant: "lab01_student_tests".
[[nodiscard]] std::string tests_target(std::string_view lab_id, std::string_view variant);

/// The CMake target of one kind's test executable: "lab01_student_race".
[[nodiscard]] std::string kind_target(std::string_view lab_id, std::string_view variant,
                                      std::string_view kind);

}  // namespace conclab::grading
