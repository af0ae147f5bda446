/// @file subprocess.hpp
/// @brief Runs another program with a time limit and captures what it prints.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "conclab/grading/sandbox.hpp"

namespace conclab::grading {

/// The exit code of a child whose program could not be started (the shell's convention).
inline constexpr int kProgramNotFoundExitCode = 127;

/// What to run and how.
struct RunOptions {
  /// The program and its arguments; argv[0] is looked up in PATH. No shell is involved.
  std::vector<std::string> argv;
  /// Folder the program runs in; empty means the current one.
  std::filesystem::path working_dir;
  /// Environment variables set for the program, on top of the inherited environment.
  std::vector<std::pair<std::string, std::string>> env;
  /// Wall-clock limit; zero means none. When it passes, the program's whole process group
  /// gets SIGTERM and, one second later, SIGKILL.
  std::chrono::milliseconds timeout{0};
  /// Also copy the output to our own standard output as it arrives.
  bool stream_output = false;
  /// Capture standard error together with standard output; when false it is discarded.
  bool capture_stderr = true;
  /// At most this many bytes of output are kept: the beginning and the end, with a note
  /// in between saying how much was dropped.
  std::size_t output_cap = std::size_t{4} << 20U;
  /// Confine the program (namespaces, user, resource limits); unset runs it as it is.
  /// Isolation this system does not allow is left out (see probe_sandbox()).
  std::optional<Sandbox> sandbox;
};

/// How a program ended and what it printed.
struct RunResult {
  /// Process id of the program, which was also its process group id.
  int pid = -1;
  /// Exit code, or -1 when a signal ended the program.
  int exit_code = -1;
  /// The signal that ended the program, if one did.
  std::optional<int> signal;
  /// The time limit passed and the program was stopped.
  bool timed_out = false;
  /// The user pressed Ctrl-C (see install_interrupt_handler()) and the program was stopped.
  bool interrupted = false;
  /// The program could not be started because it is not installed (exit code 127).
  bool program_not_found = false;
  /// Why the program could not be started, empty when it was.
  std::string start_error;
  /// Standard output and standard error, interleaved as they arrived, capped.
  std::string output;
  /// Some of the output was dropped because of the cap.
  bool output_truncated = false;
  /// How long the program ran.
  std::chrono::milliseconds elapsed{0};

  /// True when the program exited by itself with code 0.
  [[nodiscard]] bool succeeded() const noexcept {
    return exit_code == 0 && !timed_out && !interrupted;
  }
};

/// Runs a program to its end (or its time limit) and returns how it went. Never throws for
/// a failing program: a missing program is reported through `program_not_found`.
[[nodiscard]] RunResult run(const RunOptions& options);

/// Like run(), but throws MissingTool when the program is not installed.
[[nodiscard]] RunResult run_tool(const RunOptions& options);

/// Makes Ctrl-C (SIGINT) and SIGTERM stop the running child's whole process group and mark
/// its result `interrupted`, instead of ending conclab and leaving the child behind.
void install_interrupt_handler();

/// True once Ctrl-C was pressed after install_interrupt_handler().
[[nodiscard]] bool interrupt_requested() noexcept;

/// Sleeps for `duration` or until Ctrl-C is pressed; returns false if Ctrl-C ended it.
bool sleep_unless_interrupted(std::chrono::milliseconds duration);

/// "exited with code 3", "was killed by signal 11 (Segmentation fault)" and the like.
[[nodiscard]] std::string describe_exit(const RunResult& result);

}  // namespace conclab::grading
