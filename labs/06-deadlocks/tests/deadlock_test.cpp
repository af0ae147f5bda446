// Deadlock: each fixed scenario finishes, however its threads interleave. Each runs under a time
// limit (bounded_run.hpp), well inside the watchdog's deadline: a stuck scenario fails its test
// with what each of its threads waits for, and the next test still runs.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "bounded_run.hpp"
#include "consumers.hpp"
#include "nested_submit.hpp"
#include "test_bank.hpp"
#include "thread_name.hpp"
#include "thread_pool_executor.hpp"
#include "transfer.hpp"
#include "two_futures.hpp"
#include "worker.hpp"

namespace lab06 {
namespace {

using testing::finishes;
using testing::finishes_within;
using testing::TestBank;

#ifdef CONCLAB_UNDER_SANITIZER
constexpr int kTransfersPerThread = 1'000;
#else
constexpr int kTransfersPerThread = 5'000;
#endif

/// `threads` threads at once, thread i moving money from account i to account i + 1 (the last
/// to the first), kTransfersPerThread times: every account is some thread's `from` and another
/// thread's `to`, which deadlocks a transfer that locks `from` first.
void expect_ring_of_transfers_finishes(std::size_t threads) {
  auto bank = TestBank::open(threads, 1000);
  const auto scenario = [bank] {
    std::vector<std::jthread> movers;
    const std::size_t count = bank->size();
    for (std::size_t index = 0; index < count; ++index) {
      movers.emplace_back([bank, index, count] {
        name_this_thread("transfers-" + std::to_string(index + 1) + "-" +
                         std::to_string((index + 1) % count + 1));
        for (int i = 0; i < kTransfersPerThread; ++i) {
          transfer((*bank)[index], (*bank)[(index + 1) % count], 1);
        }
      });
    }
  };
  ASSERT_TRUE(finishes_within(testing::scenario_limit(4.0),
                              std::to_string(threads) + " threads transferring around a ring",
                              scenario))
      << "with transfers running in opposite directions, each thread held one account and "
         "waited for another's; take both accounts with one std::scoped_lock, or both in the "
         "bank's order (by id)";
  EXPECT_EQ(bank->total(), static_cast<long>(threads) * 1000);
}

TEST(Transfer, OppositeTransfersFromTwoThreadsFinish) {
  expect_ring_of_transfers_finishes(2);
}

TEST(Transfer, FourThreadsTransferringAroundARingFinish) {
  expect_ring_of_transfers_finishes(4);
}

/// wait_on_each_other on an executor of `workers` workers finishes, with the right answers.
void expect_wait_on_each_other_finishes(std::size_t workers) {
  auto results = std::make_shared<TwoResults>();
  const auto scenario = [results, workers] {
    ThreadPoolExecutor executor(workers);
    *results = wait_on_each_other(executor);
  };
  ASSERT_TRUE(finishes("wait_on_each_other on " + std::to_string(workers) + " worker(s)", scenario))
      << "a task waited for the other task's result (a future) while that task waited for it, "
         "or could not even start: no task may wait for another task";
  EXPECT_EQ(results->a, kResultOfA);
  EXPECT_EQ(results->b, kResultOfB);
}

TEST(WaitOnEachOther, FinishesOnTwoWorkers) {
  expect_wait_on_each_other_finishes(2);
}

TEST(WaitOnEachOther, FinishesOnOneWorker) {
  expect_wait_on_each_other_finishes(1);
}

TEST(WaitOnFuture, FinishesOnOneWorker) {
  auto result = std::make_shared<int>(0);
  const auto scenario = [result] {
    ThreadPoolExecutor executor(1);
    *result = wait_on_future(executor);
  };
  ASSERT_TRUE(finishes("wait_on_future on a one-worker executor", scenario))
      << "the outer task blocked the only worker while it waited for the inner task, which "
         "needs that worker to run: do not wait inside a task";
  EXPECT_EQ(*result, 25);
}

TEST(WaitOnFuture, FourCallersShareOneWorker) {
  auto results = std::make_shared<std::vector<int>>(4, 0);
  const auto scenario = [results] {
    ThreadPoolExecutor executor(1);
    std::vector<std::jthread> callers;
    for (std::size_t caller = 0; caller < results->size(); ++caller) {
      callers.emplace_back([&executor, results, caller] {
        for (int call = 0; call < 50; ++call) {
          (*results)[caller] += wait_on_future(executor);
        }
      });
    }
  };
  ASSERT_TRUE(finishes("four threads calling wait_on_future 50 times on one worker", scenario));
  EXPECT_EQ(*results, std::vector<int>(4, 50 * 25));
}

/// produce_and_consume with `consumers` consumers and `jobs` jobs returns.
void expect_every_consumer_stops(std::size_t consumers, int jobs) {
  auto handled = std::make_shared<std::size_t>(0);
  const auto scenario = [handled, consumers, jobs] {
    const std::vector<int> work(static_cast<std::size_t>(jobs), 7);
    *handled = produce_and_consume(work, consumers, [](int job) { return job; }).size();
  };
  ASSERT_TRUE(finishes("produce_and_consume with " + std::to_string(consumers) + " consumers and " +
                           std::to_string(jobs) + " jobs",
                       scenario))
      << "a consumer stops only when it takes a poison pill: with fewer pills than consumers, "
         "the others wait for a message forever, and joining them waits forever too";
  EXPECT_EQ(*handled, static_cast<std::size_t>(jobs));
}

TEST(PoisonPills, TwoConsumersBothStop) {
  expect_every_consumer_stops(2, 100);
}

TEST(PoisonPills, EightConsumersAllStop) {
  expect_every_consumer_stops(8, 1000);
}

TEST(PoisonPills, ConsumersWithNoJobsStillStop) {
  expect_every_consumer_stops(4, 0);
}

/// Runs `scenario` in a child process (a GoogleTest death test that must exit with 0), under a
/// time limit there. A thread that joins itself throws in a plain build, but under
/// ThreadSanitizer it upsets the sanitizer's own bookkeeping, which then ends the process: in a
/// child, that ends only the child, and the test fails as it should.
void expect_finishes_in_child(const std::string& what, const std::function<void()>& scenario) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // the child starts afresh, one thread
  EXPECT_EXIT(
      {
        const ::testing::AssertionResult finished = finishes(what, scenario);
        if (!finished) {
          std::fprintf(stderr, "%s\n", finished.message());
        }
        std::fflush(nullptr);
        std::_Exit(finished ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "")
      << "stop() ran on the worker's own thread and joined it: a thread waiting for itself to "
         "end (std::thread::join throws std::system_error, resource_deadlock_would_occur). "
         "Compare std::this_thread::get_id() with thread_.get_id(), and do not join yourself";
}

TEST(WorkerStop, AJobCanStopItsOwnWorker) {
  expect_finishes_in_child("a job that stops its own worker, then the worker's destruction", [] {
    auto worker = std::make_unique<Worker>();
    std::future<void> done = worker->post([raw = worker.get()] { raw->stop(); });
    done.get();  // rethrows what stop() threw on the worker's thread
    worker.reset();
  });
}

TEST(WorkerStop, JobsQueuedBehindAStopFromInsideDoNotRun) {
  expect_finishes_in_child("a job that stops its own worker, with another job queued", [] {
    Worker worker;
    std::atomic<int> ran = 0;
    std::future<void> stopper = worker.post([&worker] { worker.stop(); });
    std::future<void> later = worker.post([&ran] { ++ran; });
    stopper.get();
    worker.stop();
    try {
      later.get();
    } catch (const std::future_error&) {  // broken_promise: dropped, as stop() promises
    }
    if (ran != 0) {
      throw std::runtime_error("a job queued behind stop() ran: it must be dropped");
    }
  });
}

}  // namespace
}  // namespace lab06
