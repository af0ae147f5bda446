/// @file threads.hpp
/// @brief Task 1: start a group of threads and wait for all of them.
#pragma once

#include <cstddef>
#include <functional>

namespace lab01 {

/// Runs `body(0)`, `body(1)`, ..., `body(count - 1)`, each on a thread of its own.
///
/// Every thread is started before any is waited for, so all of them may run at the same
/// time; the call returns only once every one of them has finished.
/// @param count how many threads to start (0 starts none).
/// @param body  the work of one thread; it receives the thread's index.
void run_threads(std::size_t count, const std::function<void(std::size_t)>& body);

}  // namespace lab01
