/// @file helper_program.hpp
/// @brief Runs a helper program (eu-stack, addr2line) and reads its output, with a deadline.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace conclab {

/// What a helper program said.
struct HelperOutput {
  bool started = false;   ///< False when the program could not be started (not installed).
  bool finished = false;  ///< False when it was killed at the deadline.
  std::string output;     ///< Its standard output (and standard error, if asked for).
};

/// Runs `argv` (found on PATH) and returns its output, killing it at `timeout`.
///
/// Safe to call from a process whose other threads are deadlocked or hold the allocator's
/// locks: the helper is started with posix_spawn (no fork of a multithreaded process), and its
/// output is read with poll() against the deadline. Standard error goes along with standard
/// output when `with_stderr` is set, and to /dev/null otherwise.
HelperOutput run_helper_program(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout, bool with_stderr);

}  // namespace conclab
