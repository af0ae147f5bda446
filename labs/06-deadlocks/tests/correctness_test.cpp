// Correctness: each fixed scenario gives the right answer. Every scenario that could hang runs
// under a time limit (bounded_run.hpp): a stuck one fails with what its threads wait for.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "bounded_run.hpp"
#include "consumers.hpp"
#include "nested_submit.hpp"
#include "test_bank.hpp"
#include "thread_pool_executor.hpp"
#include "transfer.hpp"
#include "two_futures.hpp"
#include "worker.hpp"

namespace lab06 {
namespace {

using testing::finishes;
using testing::TestBank;

TEST(Transfer, MovesTheAmountFromOneAccountToTheOther) {
  auto bank = TestBank::open(2, 100);
  const auto scenario = [bank] { transfer((*bank)[0], (*bank)[1], 30); };
  ASSERT_TRUE(finishes("transfer(account 1, account 2, 30)", scenario));
  EXPECT_EQ((*bank)[0].balance, 70) << "the amount must leave `from`";
  EXPECT_EQ((*bank)[1].balance, 130) << "the amount must arrive in `to`";
}

TEST(Transfer, MayTakeABalanceBelowZero) {
  auto bank = TestBank::open(2, 10);
  const auto scenario = [bank] { transfer((*bank)[1], (*bank)[0], 25); };
  ASSERT_TRUE(finishes("transfer(account 2, account 1, 25)", scenario));
  EXPECT_EQ((*bank)[1].balance, -15);
  EXPECT_EQ((*bank)[0].balance, 35);
}

TEST(Transfer, ToTheSameAccountChangesNothing) {
  auto bank = TestBank::open(1, 100);
  const auto scenario = [bank] { transfer((*bank)[0], (*bank)[0], 30); };
  ASSERT_TRUE(finishes("transfer(account 1, account 1, 30)", scenario))
      << "a transfer from an account to itself must return, and lock the account's mutex at "
         "most once: a thread that locks a mutex it holds waits for itself forever";
  EXPECT_EQ((*bank)[0].balance, 100) << "nothing may change";
}

TEST(Transfer, KeepsTheTotalOverManyTransfersInBothDirections) {
  auto bank = TestBank::open(4, 1000);
  const auto scenario = [bank] {
    testing::Dice dice(6);
    for (int i = 0; i < 300; ++i) {
      const std::size_t from = dice.roll(4);
      const std::size_t to = (from + 1 + dice.roll(3)) % 4;  // never the same account
      transfer((*bank)[from], (*bank)[to], static_cast<long>(dice.roll(50)));
    }
  };
  ASSERT_TRUE(finishes("300 transfers between four accounts, one after another", scenario));
  EXPECT_EQ(bank->total(), 4000) << "money was created or lost";
}

TEST(WaitOnEachOther, GivesEachTaskItsResultAndTheOthers) {
  auto results = std::make_shared<TwoResults>();
  const auto scenario = [results] {
    ThreadPoolExecutor executor(2);
    *results = wait_on_each_other(executor);
  };
  ASSERT_TRUE(finishes("wait_on_each_other on a two-worker executor", scenario));
  EXPECT_EQ(results->a, kResultOfA) << "task a (wait_on_b) computes 5";
  EXPECT_EQ(results->b, kResultOfB) << "task b (wait_on_a) computes 6";
  EXPECT_EQ(results->b_seen_by_a, kResultOfB) << "what task a saw of b's result";
  EXPECT_EQ(results->a_seen_by_b, kResultOfA) << "what task b saw of a's result";
}

TEST(WaitOnFuture, ReturnsTwentyFiveOnTwoWorkers) {
  auto result = std::make_shared<int>(0);
  const auto scenario = [result] {
    ThreadPoolExecutor executor(2);
    *result = wait_on_future(executor);
  };
  ASSERT_TRUE(finishes("wait_on_future on a two-worker executor", scenario));
  EXPECT_EQ(*result, 25) << "pow(5, 2)";
}

/// produce_and_consume over `jobs` with `consumers` consumers and a handler that doubles each
/// job, under a time limit: checks that every job was handled exactly once.
void expect_every_job_handled_once(std::vector<int> jobs, std::size_t consumers) {
  auto results = std::make_shared<std::vector<int>>();
  const auto scenario = [results, jobs, consumers] {
    *results = produce_and_consume(jobs, consumers, [](int job) { return 2 * job; });
  };
  ASSERT_TRUE(
      finishes("produce_and_consume with " + std::to_string(consumers) + " consumers", scenario));
  std::vector<int> expected;
  for (const int job : jobs) {
    expected.push_back(2 * job);
  }
  std::sort(expected.begin(), expected.end());
  std::sort(results->begin(), results->end());
  EXPECT_EQ(*results, expected) << "every job's result, exactly once";
}

std::vector<int> numbers_from_one_to(int last) {
  std::vector<int> numbers;
  for (int number = 1; number <= last; ++number) {
    numbers.push_back(number);
  }
  return numbers;
}

TEST(ProduceAndConsume, HandlesEveryJobOnceWithOneConsumer) {
  expect_every_job_handled_once(numbers_from_one_to(100), 1);
}

TEST(ProduceAndConsume, HandlesEveryJobOnceWithThreeConsumers) {
  expect_every_job_handled_once(numbers_from_one_to(100), 3);
}

TEST(ProduceAndConsume, ReturnsNothingForNoJobs) {
  expect_every_job_handled_once({}, 3);
}

TEST(Worker, RunsJobsInTheOrderTheyWerePosted) {
  auto order = std::make_shared<std::vector<int>>();
  const auto scenario = [order] {
    Worker worker;
    std::vector<std::future<void>> done;
    for (int job = 0; job < 10; ++job) {
      done.push_back(worker.post([order, job] { order->push_back(job); }));
    }
    for (auto& future : done) {
      future.get();
    }
  };
  ASSERT_TRUE(finishes("a worker running ten jobs, then stopped", scenario));
  EXPECT_EQ(*order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(Worker, StopFromAnotherThreadReturnsAfterTheRunningJobHasFinished) {
  struct State {
    Worker worker;
    std::atomic<bool> job_started = false;
    std::atomic<bool> job_finished = false;
    bool finished_when_stop_returned = false;
  };
  auto state = std::make_shared<State>();
  const auto scenario = [state] {
    // The job holds a plain pointer: the last owner of `state` must not be the worker itself.
    static_cast<void>(state->worker.post([raw = state.get()] {
      raw->job_started = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      raw->job_finished = true;
    }));
    while (!state->job_started) {
      std::this_thread::yield();
    }
    state->worker.stop();
    state->finished_when_stop_returned = state->job_finished;
  };
  ASSERT_TRUE(finishes("stop() while a job runs", scenario));
  EXPECT_TRUE(state->finished_when_stop_returned)
      << "stop(), called from outside the worker, must wait until the worker's thread has ended "
         "(join it): it returned while a job was still running";
}

}  // namespace
}  // namespace lab06
