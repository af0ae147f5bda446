/// @file thread_activity.hpp
/// @brief How much threads have run so far, from the kernel's scheduler counters, so that a
/// time limit can tell work that is slow from work that is stuck.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>

namespace conclab {

/// What the scheduler counted for one thread so far (/proc/.../task/TID/schedstat).
struct ThreadRunCount {
  std::uint64_t ran_ns = 0;      ///< Time spent on a CPU, in nanoseconds.
  std::uint64_t timeslices = 0;  ///< How many times it was put on a CPU (each wake-up counts).
  std::uint64_t waited_ns = 0;   ///< Time spent ready to run, waiting for a CPU, in nanoseconds.
  bool runnable = false;         ///< Running or ready to run when sampled (state R).
};

/// The counts of a set of threads at one moment, by thread id.
using ActivitySample = std::map<int, ThreadRunCount>;

/// The counts of every thread of process `pid` and, with `with_descendants`, of every process
/// it started (their children, and so on). Threads that /proc does not show are left out: an
/// empty sample when the counters are not available.
[[nodiscard]] ActivitySample sample_activity(int pid, bool with_descendants);

/// How much the threads ran between two samples.
struct ActivityDelta {
  std::chrono::nanoseconds ran{0};  ///< CPU time, summed over the threads.
  std::uint64_t timeslices = 0;     ///< Times put on a CPU, summed over the threads.
  /// Time spent ready but waiting for a CPU, summed over the threads. The kernel adds a wait
  /// when it ends, so a thread still waiting counts in `starved` instead.
  std::chrono::nanoseconds waited{0};
  /// Threads that were ready to run at both samples and were not put on a CPU in between: the
  /// machine starved them for the whole window (a fork bomb beside us, say).
  std::uint64_t starved = 0;
};

/// What the threads of `after` that `counts` accepts ran since `before`; a thread that `before`
/// lacks counts from zero, so a thread started in between counts in full.
[[nodiscard]] ActivityDelta activity_between(const ActivitySample& before,
                                             const ActivitySample& after,
                                             const std::function<bool(int tid)>& counts = {});

/// Whether `delta`, measured over `window`, is work going on rather than threads that only wake
/// now and then: at least 2% of one CPU used or waited for, at least 50 wake-ups a second, or a
/// thread that was ready to run the whole window but never got a CPU. A deadlocked program
/// shows none of these (ThreadSanitizer's background thread wakes about 10 times a second); a
/// program that still works, even slowed down by chaos sleeps or a busy machine, does: its
/// threads run, or wait for a CPU, where a stuck program's threads sleep.
[[nodiscard]] bool shows_work(const ActivityDelta& delta, std::chrono::nanoseconds window);

}  // namespace conclab
