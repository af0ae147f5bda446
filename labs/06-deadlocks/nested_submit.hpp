/// @file nested_submit.hpp
/// @brief Task 3: seed 002's task that submits to its own one-worker pool and waits.
#pragma once

#include "thread_pool_executor.hpp"

namespace lab06 {

/// Seed 002's wait_on_future: a task submitted to `executor` needs pow(5, 2), which it has
/// `executor` compute as a task of its own. Returns that result, 25.
///
/// It must finish when `executor` has a single worker: no task may block waiting for another
/// task of the same executor.
int wait_on_future(ThreadPoolExecutor& executor);

}  // namespace lab06
