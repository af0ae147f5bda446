/// @file sleeping_threads.hpp
/// @brief Lets a test wait until its threads are asleep in a blocking call, instead of guessing
/// how long that takes with a sleep.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "conclab/thread_waits.hpp"

namespace lab04::testing {

/// Threads sign in here just before they make a call that should block; the test then waits
/// until all of them are asleep in it.
///
/// "Asleep" means the kernel reports the thread blocked in a futex wait, the system call
/// behind std::condition_variable (and std::mutex) waits. Seeing every thread asleep twice in a
/// row, a moment apart, rules out a thread merely passing through a briefly contended mutex.
class SleepingThreads {
 public:
  /// Records the calling thread. Call it right before the call that should block.
  void sign_in() {
    const std::scoped_lock lock(mutex_);
    tids_.push_back(static_cast<int>(::gettid()));
  }

  /// Waits until `count` threads have signed in and all of them are asleep; false when
  /// `timeout` passes first (for instance because the calls returned instead of blocking).
  [[nodiscard]] bool wait_until_asleep(std::size_t count, std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    int asleep_in_a_row = 0;
    while (std::chrono::steady_clock::now() < give_up) {
      asleep_in_a_row = all_asleep(count) ? asleep_in_a_row + 1 : 0;
      if (asleep_in_a_row == 2) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
  }

 private:
  bool all_asleep(std::size_t count) {
    std::vector<int> tids;
    {
      const std::scoped_lock lock(mutex_);
      tids = tids_;
    }
    if (tids.size() < count) {
      return false;
    }
    constexpr long kFutex = 202;  // x86-64's futex system call
    const auto threads = conclab::inspect_own_threads();
    return std::all_of(tids.begin(), tids.end(), [&](int tid) {
      const auto thread = std::find_if(threads.begin(), threads.end(),
                                       [&](const conclab::ThreadWait& t) { return t.tid == tid; });
      return thread != threads.end() && !thread->running && thread->syscall == kFutex;
    });
  }

  std::mutex mutex_;
  std::vector<int> tids_;
};

}  // namespace lab04::testing
