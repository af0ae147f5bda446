// Deadlock: blocking code that must always finish. Each test runs under the watchdog, which
// ends a stuck test with a report of what every thread is waiting for.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <memory>
#include <vector>

#include "as_completed.hpp"
#include "gate.hpp"
#include "patience.hpp"
#include "thread_pool_executor.hpp"
#include "wait.hpp"

namespace lab05 {
namespace {

using namespace std::chrono_literals;
using testing::finishes;
using testing::Gates;

TEST(Shutdown, WakesEveryIdleWorker) {
  // Eight workers all asleep, waiting for work: shutdown must wake every one of them, or the
  // destructor waits for ever for those still asleep.
  for (int round = 0; round < 20; ++round) {
    ThreadPoolExecutor executor(8);
    std::this_thread::sleep_for(1ms);  // let the workers fall asleep
  }
  SUCCEED();
}

TEST(Shutdown, ExecutorsMadeAndDestroyedInQuickSuccessionNeverHang) {
  // Shutdown often comes before some workers have even started waiting: a wake-up sent then
  // must not be lost.
  for (int round = 0; round < 200; ++round) {
    auto ran = std::make_shared<std::atomic<int>>(0);
    {
      ThreadPoolExecutor executor(3);
      for (int i = 0; i < round % 5; ++i) {
        executor.execute([ran] { ++*ran; });
      }
    }
    ASSERT_EQ(ran->load(), round % 5) << "round " << round;
  }
}

TEST(Workers, RunTasksAtTheSameTime) {
  // Each task waits until all four have started: this finishes only if four workers run
  // tasks at once, and the queue's lock is not held while a task runs.
  constexpr int kWorkers = 4;
  ThreadPoolExecutor executor(kWorkers);
  auto all_started = std::make_shared<std::latch>(kWorkers);
  std::vector<Future<void>> futures;
  for (int i = 0; i < kWorkers; ++i) {
    futures.push_back(executor.submit([all_started] { all_started->arrive_and_wait(); }));
  }
  for (const auto& future : futures) {
    future.wait();
  }
  SUCCEED();
}

TEST(Workers, ATaskMaySubmitAnotherTask) {
  // A task that submits must find the queue's lock free: a worker must not hold it while the
  // task runs.
  ThreadPoolExecutor executor(2);
  const auto outer = executor.submit([&executor] { return executor.submit([] { return 2; }); });
  const auto inner = outer.result();
  EXPECT_EQ(inner.result(), 2);
}

TEST(Workers, ATaskMayWaitForAnotherWhenAWorkerIsFree) {
  // Seed 002 shows a task waiting for a task it submitted to a one-worker pool: it waits for
  // ever, because the only worker is the one waiting. With two workers the second runs it.
  ThreadPoolExecutor executor(2);
  const auto outer = executor.submit([&executor] {
    const auto inner = executor.submit([] { return 5 * 5; });
    return inner.result();
  });
  EXPECT_EQ(outer.result(), 25);
}

TEST(Wait, FirstCompletedDoesNotWaitForTheRest) {
  ThreadPoolExecutor executor(3);
  Gates gates(3);  // gates 1 and 2 open only when the test ends
  std::vector<Future<int>> futures;
  for (std::size_t i = 0; i < 3; ++i) {
    futures.push_back(executor.submit([gate = gates[i], i] {
      gate->pass();
      return static_cast<int>(i);
    }));
  }
  gates[0]->open();
  const auto [done, not_done] = wait(futures, std::nullopt, ReturnWhen::kFirstCompleted);
  EXPECT_EQ(done.size(), 1U);
  EXPECT_EQ(not_done.size(), 2U);
}

TEST(Wait, ATimeoutEndsTheWaitForAFutureThatNeverFinishes) {
  ThreadPoolExecutor executor(1);
  Gates gates(1);  // opens only when the test ends
  const std::vector<Future<void>> futures = {executor.submit([gate = gates[0]] { gate->pass(); })};
  const auto [done, not_done] = wait(futures, 50ms);
  EXPECT_TRUE(done.empty());
  EXPECT_EQ(not_done.size(), 1U);
}

TEST(AsCompleted, FinishesWhenManyFuturesFinishAtOnce) {
  ThreadPoolExecutor executor(4);
  auto start = std::make_shared<std::latch>(1);
  std::vector<Future<int>> futures;
  for (int i = 0; i < 400; ++i) {
    futures.push_back(executor.submit([start, i] {
      start->wait();
      return i;
    }));
  }
  auto in_finishing_order = as_completed(futures);
  start->count_down();
  int seen = 0;
  for (const auto& future : in_finishing_order) {
    static_cast<void>(future);
    ++seen;
  }
  EXPECT_EQ(seen, 400);
}

TEST(Shutdown, WithCancelFuturesWakesWhoeverWaitsForACancelledTask) {
  ThreadPoolExecutor executor(1);
  Gates gates(1);
  const auto blocker = executor.submit([gate = gates[0]] { gate->pass(); });
  const auto queued = executor.submit([] { return 1; });
  std::vector<Future<int>> waited_for = {queued};
  std::jthread stopper([&executor, &gates] {
    executor.shutdown(/*wait=*/false, /*cancel_futures=*/true);
    gates[0]->open();
  });
  const auto [done, not_done] = wait(waited_for);  // the cancellation must end this wait
  EXPECT_EQ(done.size(), 1U);
  EXPECT_TRUE(queued.cancelled());
}

}  // namespace
}  // namespace lab05
