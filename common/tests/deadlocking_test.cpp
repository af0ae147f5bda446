// Tests that hang on purpose, each in a different way, so that the watchdog's report on them can
// be checked (by watchdog_report_test.sh). Run one at a time with --gtest_filter.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <latch>
#include <mutex>
#include <thread>

namespace {

/// Takes `mine`, waits until the other thread holds its own, then reaches for `theirs`.
void hold_then_reach(std::mutex& mine, std::mutex& theirs, std::latch& both_hold_one) {
  const std::scoped_lock hold(mine);
  both_hold_one.arrive_and_wait();
  const std::scoped_lock reach(theirs);  // the other thread holds it, and wants ours
}

TEST(Hangs, TwoThreadsLockTwoMutexesInOppositeOrders) {
  std::mutex from_account;
  std::mutex to_account;
  std::latch both_hold_one(2);
  std::jthread transfer([&] { hold_then_reach(from_account, to_account, both_hold_one); });
  std::jthread transfer_back([&] { hold_then_reach(to_account, from_account, both_hold_one); });
}

TEST(Hangs, AWaiterIsNotifiedBeforeItWaits) {
  std::mutex mutex;
  std::condition_variable ready;
  std::latch notified(1);
  std::jthread waiter([&] {
    notified.wait();
    std::unique_lock lock(mutex);
    ready.wait(lock);  // no predicate: the notification already came and went
  });
  ready.notify_one();
  notified.count_down();
}

TEST(Hangs, ADeathTestsChildSpins) {
  // The child spins for ever; its own watchdog ends it, and its report reaches the parent.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        std::jthread spinner([] {
          for (volatile bool forever = true; forever;) {
          }
        });
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace

// The test itself passes; the program cannot end. A thread it leaves running holds a mutex
// that a handler at exit needs. The watchdog's alarm after the last test ends it.
TEST(Hangs, AThreadLeftRunningBlocksTheExit) {
  static std::mutex held_forever;
  std::latch holding(1);
  std::thread([&holding] {
    held_forever.lock();
    holding.count_down();
    for (;;) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }).detach();
  holding.wait();
  std::atexit([] { const std::scoped_lock wait_forever(held_forever); });
  SUCCEED();
}
