// Deadlock: every wait must end. Each test runs under the watchdog, which ends a stuck test
// with a report of what every thread is waiting for (and chaos scheduling runs them again with
// the schedule shaken, see lab.json "chaos_runs").
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <latch>
#include <optional>
#include <thread>
#include <vector>

#include "blocking_queue.hpp"
#include "sleeping_threads.hpp"
#include "worker_pool.hpp"

namespace lab04 {
namespace {

using namespace std::chrono_literals;
using testing::SleepingThreads;

constexpr std::size_t kWaiters = 4;

/// Long enough for threads that should block to be seen asleep, even on a busy machine.
constexpr auto kAsleepWithin = 2s;

TEST(Close, WakesEveryConsumerWaitingInPop) {
  BlockingQueue<int> queue(4);
  SleepingThreads consumers;
  std::atomic<std::size_t> told_closed = 0;
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < kWaiters; ++i) {
      threads.emplace_back([&] {
        consumers.sign_in();
        if (!queue.pop()) {
          ++told_closed;
        }
      });
    }
    const bool asleep = consumers.wait_until_asleep(kWaiters, kAsleepWithin);
    queue.close();  // must wake all four: if it wakes only one, the rest wait forever
    ASSERT_TRUE(asleep) << "the consumers did not wait in pop() on an empty, open queue";
  }
  EXPECT_EQ(told_closed.load(), kWaiters) << "pop() must return nullopt once the queue is closed";
}

TEST(Close, WakesEveryProducerWaitingInPush) {
  BlockingQueue<int> queue(1);
  ASSERT_TRUE(queue.push(0));  // full
  SleepingThreads producers;
  std::atomic<std::size_t> refused = 0;
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < kWaiters; ++i) {
      threads.emplace_back([&, i] {
        producers.sign_in();
        if (!queue.push(static_cast<int>(i) + 1)) {
          ++refused;
        }
      });
    }
    const bool asleep = producers.wait_until_asleep(kWaiters, kAsleepWithin);
    queue.close();
    ASSERT_TRUE(asleep) << "the producers did not wait in push() on a full queue";
  }
  EXPECT_EQ(refused.load(), kWaiters) << "push() must return false once the queue is closed";
  EXPECT_EQ(queue.pop(), 0) << "close() must keep the item already in the queue";
}

TEST(Close, WakesConsumersWaitingInPopForLongBeforeTheirTimeout) {
  BlockingQueue<int> queue(4);
  SleepingThreads consumers;
  std::atomic<std::size_t> returned = 0;
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < kWaiters; ++i) {
      threads.emplace_back([&] {
        consumers.sign_in();
        static_cast<void>(queue.pop_for(1h));  // only close() can end this in time
        ++returned;
      });
    }
    const bool asleep = consumers.wait_until_asleep(kWaiters, kAsleepWithin);
    queue.close();
    ASSERT_TRUE(asleep) << "the consumers did not wait in pop_for() on an empty, open queue";
  }
  EXPECT_EQ(returned.load(), kWaiters);
}

TEST(Join, ReturnsOnceTheConsumersHaveMarkedEveryItemDone) {
  constexpr int kItems = 2000;
  BlockingQueue<int> queue(8);
  std::atomic<int> done = 0;
  std::vector<std::jthread> consumers;
  for (int i = 0; i < 3; ++i) {
    consumers.emplace_back([&] {
      while (queue.pop()) {
        ++done;
        queue.task_done();
      }
    });
  }
  for (int item = 0; item < kItems; ++item) {
    ASSERT_TRUE(queue.push(item)) << "push() refused an item on an open queue";
  }
  queue.join();  // waits for the last task_done(): a notification lost here hangs
  EXPECT_EQ(done.load(), kItems);
  queue.close();
}

TEST(WorkerPool, ShutdownStopsEveryWorker) {
  for (const std::size_t workers : {1U, 2U, 4U, 8U}) {
    std::atomic<int> runs = 0;
    WorkerPool pool(workers);
    for (int i = 0; i < 50; ++i) {
      pool.submit([&] { ++runs; });
    }
    pool.shutdown();  // returns only when every worker has ended: each needs its own pill
    EXPECT_EQ(runs.load(), 50) << "with " << workers << " workers";
  }
}

TEST(WorkerPool, ShutdownStopsWorkersThatAreWaitingForJobs) {
  WorkerPool pool(4);
  std::atomic<int> runs = 0;
  pool.submit([&] { ++runs; });
  pool.join();  // the workers are now idle, blocked in pop()
  pool.shutdown();
  EXPECT_EQ(runs.load(), 1);
}

TEST(WorkerPool, TheDestructorStopsEveryWorker) {
  std::atomic<int> runs = 0;
  {
    WorkerPool pool(3);
    for (int i = 0; i < 10; ++i) {
      pool.submit([&] { ++runs; });
    }
  }
  EXPECT_EQ(runs.load(), 10);
}

TEST(WorkerPool, EveryWorkerRunsAJobAtTheSameTime) {
  // Each job waits until all four are running: this ends only if four workers run at once.
  constexpr std::ptrdiff_t kWorkers = 4;
  std::latch all_running(kWorkers);
  std::atomic<int> runs = 0;
  WorkerPool pool(static_cast<std::size_t>(kWorkers));
  for (std::ptrdiff_t i = 0; i < kWorkers; ++i) {
    pool.submit([&] {
      all_running.arrive_and_wait();
      ++runs;
    });
  }
  pool.join();
  EXPECT_EQ(runs.load(), kWorkers) << "the jobs did not all run";
}

TEST(WorkerPool, JoinCanBeCalledBetweenBatches) {
  std::atomic<int> runs = 0;
  WorkerPool pool(2);
  for (int batch = 1; batch <= 3; ++batch) {
    for (int i = 0; i < 20; ++i) {
      pool.submit([&] { ++runs; });
    }
    pool.join();
    ASSERT_EQ(runs.load(), 20 * batch) << "after batch " << batch;
  }
}

}  // namespace
}  // namespace lab04
