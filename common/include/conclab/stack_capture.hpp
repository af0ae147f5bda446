/// @file stack_capture.hpp
/// @brief Every thread's call stack, read from outside the process by `eu-stack`.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace conclab {

/// One frame of a call stack.
struct StackFrame {
  std::string function;  ///< Demangled function name, or empty when unknown.
  std::string file;      ///< Source file, or empty without debug information.
  int line = 0;          ///< Line in `file`, or 0.
};

/// Call stacks by thread id, innermost frame first.
using ThreadStacks = std::map<int, std::vector<StackFrame>>;

/// Parses the output of `eu-stack -s -i -p PID` ("TID n:" headers, "#k 0xADDR function" frame
/// lines, each optionally followed by an indented "file:line:column" line).
ThreadStacks parse_eu_stack(std::string_view output);

/// The stacks of every thread of process `pid`, read by running `eu-stack` (from elfutils)
/// beside it, or an empty map with the reason in `why_not` when that is impossible (no
/// eu-stack, tracing not permitted, or no answer within `timeout`).
///
/// Safe to call from a process whose other threads are deadlocked: the helper is started with
/// posix_spawn, and its output is read with a deadline.
ThreadStacks capture_stacks(int pid, std::chrono::milliseconds timeout, std::string& why_not);

}  // namespace conclab
