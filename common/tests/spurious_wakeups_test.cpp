#include "conclab/testing/spurious_wakeups.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

using namespace std::chrono_literals;

TEST_CASE("spurious wake-ups end a wait early, and a wait with a predicate keeps its deadline") {
  using conclab::testing::SpuriousWakeups;
  if (!SpuriousWakeups::available()) {
    MESSAGE("skipped: a sanitizer intercepts the same calls");
    return;
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::unique_lock lock(mutex);
  const SpuriousWakeups wakeups(10ms, 10s);
  // Woken long before its timeout, with nothing notified: a spurious wake-up.
  auto start = std::chrono::steady_clock::now();
  CHECK(changed.wait_for(lock, 5s) == std::cv_status::no_timeout);
  CHECK(std::chrono::steady_clock::now() - start < 4s);
  CHECK(wakeups.caused() == 1);
  // With a predicate, the wait goes on to its deadline through every wake-up.
  start = std::chrono::steady_clock::now();
  CHECK_FALSE(changed.wait_for(lock, 100ms, [] { return false; }));
  CHECK(std::chrono::steady_clock::now() - start >= 100ms);
  CHECK(wakeups.caused() > 1);
  // On the system clock too (pthread_cond_timedwait).
  CHECK(changed.wait_until(lock, std::chrono::system_clock::now() + 5s) ==
        std::cv_status::no_timeout);
}

TEST_CASE("spurious wake-ups stop when their time is up or their object is gone") {
  using conclab::testing::SpuriousWakeups;
  std::mutex mutex;
  std::condition_variable changed;
  std::unique_lock lock(mutex);
  {
    const SpuriousWakeups wakeups(10ms, 0ms);
    CHECK(changed.wait_for(lock, 50ms) == std::cv_status::timeout);
    CHECK(wakeups.caused() == 0);
  }
  CHECK(changed.wait_for(lock, 50ms) == std::cv_status::timeout);
}
