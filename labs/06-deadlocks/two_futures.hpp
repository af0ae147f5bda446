/// @file two_futures.hpp
/// @brief Task 2: seed 002's two tasks that wait for each other's futures.
#pragma once

#include "thread_pool_executor.hpp"

namespace lab06 {

/// What task a (wait_on_b) computes.
inline constexpr int kResultOfA = 5;
/// What task b (wait_on_a) computes.
inline constexpr int kResultOfB = 6;

/// What seed 002's two tasks produce: each its own result, and the other's, which it reports.
struct TwoResults {
  int a = 0;            ///< Task a's result: kResultOfA.
  int b = 0;            ///< Task b's result: kResultOfB.
  int b_seen_by_a = 0;  ///< Task b's result, as task a reports it: kResultOfB.
  int a_seen_by_b = 0;  ///< Task a's result, as task b reports it: kResultOfA.
};

/// Runs seed 002's two tasks on `executor` and returns once both are done: task a
/// (wait_on_b) computes kResultOfA and reports b's result; task b (wait_on_a) computes
/// kResultOfB and reports a's.
///
/// It must finish whatever the number of workers, one included: no task may block waiting
/// for the result of another task.
TwoResults wait_on_each_other(ThreadPoolExecutor& executor);

}  // namespace lab06
