/// @file test_run.hpp
/// @brief Running one kind's test executable of a submission, sandboxed, and reading what it
/// did from channels the student's code does not get to choose.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "conclab/grading/kind_result.hpp"
#include "conclab/grading/repo_layout.hpp"

namespace conclab::grading {

/// One run of a test executable for grading.
struct TestRunRequest {
  /// "correctness", "race", ...
  std::string kind;
  /// The submission's executable of that kind.
  std::filesystem::path executable;
  /// The build tree it was built in: relative paths in its debug information start there.
  std::filesystem::path build_dir;
  /// The reference solution's executable of the same kind, built from the same test sources:
  /// the list of tests a run must report is taken from it, never from the submission.
  std::filesystem::path reference;
  /// Seeded chaos runs (0: a single plain run) and the chaos library they preload.
  int chaos_runs = 0;
  std::filesystem::path chaos_library;
  /// The executable is built with a sanitizer (which reserves terabytes of address space, so
  /// no address-space limit can apply).
  bool sanitized = false;
  /// An empty folder the run may write in (handed to the sandbox's user).
  std::filesystem::path scratch;
  /// Runs in the sandbox: the grader's case, for code it does not trust. `conclab check`
  /// runs a student's own code on the student's own machine, where it needs none.
  bool sandboxed = true;
  /// The launcher's limit on the whole run: the watchdog inside ends a hung test long before
  /// it. A run whose only purpose is a sanitizer's account of a hang gets a shorter one.
  std::chrono::seconds timeout{300};
};

/// What a graded run came to: the run's result, and what the grader adds to it.
struct TestRun {
  /// The run, interpreted as `conclab check` would.
  KindResult result;
  /// Every test the run had to report, from the reference executable.
  std::vector<std::string> expected_tests;
  /// "conclab chaos: run 3 of 10 failed with CONCLAB_CHAOS_SEED=3; replay it with: ...", if
  /// a chaos run failed.
  std::string chaos_line;
  /// Why the run's own report cannot be believed (it names tests the suite does not have, or
  /// claims success the exit status denies); empty when it can.
  std::string distrust;
};

/// The tests `executable` has (`--gtest_list_tests`), as "Suite.Name". Throws
/// std::runtime_error when it cannot list them.
[[nodiscard]] std::vector<std::string> list_tests(const std::filesystem::path& executable);

/// Runs `request` through the test launcher in a sandbox (no network, its own process
/// namespace, an unprivileged user, resource limits, output capped) and interprets it.
[[nodiscard]] TestRun run_graded_test(const RepoLayout& layout, const TestRunRequest& request);

}  // namespace conclab::grading
