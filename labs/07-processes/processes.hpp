/// @file processes.hpp
/// @brief Many child processes at once: seed 001's loops over Process, done right.
#pragma once

#include <chrono>
#include <functional>
#include <span>
#include <vector>

#include "process.hpp"

namespace lab07 {

/// Runs each task in a child process of its own, all at the same time: starts every child
/// first, then joins them all. Returns the joined processes in the order of `tasks`, so that
/// the caller can read each one's pid() and exitcode().
///
/// This is what seed 001 meant to do with its loop of 5 (and 25) processes. Joining each child
/// inside the loop that starts them (start, join, start, join, ...) would run them one after
/// the other; and building a Process from `task()` instead of `task` would run the work in the
/// parent.
/// A task that cannot be started is joined as well: its Process says why (error()).
std::vector<Process> start_all_then_join_all(std::vector<std::function<int()>> tasks);

/// Waits for every process to end, at most `timeout` in all: one deadline for the whole set,
/// not `timeout` for each. Returns whether all of them have ended (and been reaped); those
/// still running are left running.
bool join_all_for(std::span<Process> processes, std::chrono::milliseconds timeout);

}  // namespace lab07
