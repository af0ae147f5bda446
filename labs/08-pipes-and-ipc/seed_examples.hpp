/// @file seed_examples.hpp
/// @brief The notebooks' pipe and queue examples, in C++ with fork().
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "connection.hpp"

namespace lab08 {

/// What a child said over the pipe in seed 003, and who it was.
struct Greeting {
  std::string text;  ///< Exactly "Hello from NAME\nppid = PPID\npid = PID".
  pid_t child = 0;   ///< The child's process id.
};

/// Seed 003: forks a child that sends one message over a pipe, "Hello from NAME\nppid =
/// PPID\npid = PID" with its own parent's pid and its own pid, and exits. The parent receives
/// it, waits for the child, and returns the message with the child's pid.
Greeting greet_from_child(const std::string& name);

/// Seed 001: a square process and a cube process each put one result per number on one
/// ProcessQueue; the parent takes every result off the queue, waits for both children, and
/// returns the results in the order they arrived. Works for any amount of data, also more
/// than the pipe can hold.
std::vector<long long> square_and_cube(const std::vector<int>& numbers);

/// Forks a child that runs `child_work` with the sending end of a one-way pipe, then exits
/// (or dies: crashing half-way is allowed). The parent receives messages until the stream
/// ends, waits for the child, and returns what it received.
std::vector<std::string> collect_from_child(const std::function<void(Connection&)>& child_work);

}  // namespace lab08
