// Race: many threads on the same accounts, and the order in which transfers take their locks.
// The lock-order checker (conclab::CheckedMutex, in every Account) reports an order that could
// deadlock even in a run that did not; under ThreadSanitizer (--tsan), its deadlock detector
// reports the same inversion, and any two unguarded accesses to a balance.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bounded_run.hpp"
#include "conclab/testing/lock_order_expectations.hpp"
#include "consumers.hpp"
#include "test_bank.hpp"
#include "thread_name.hpp"
#include "transfer.hpp"
#include "worker.hpp"

namespace lab06 {
namespace {

using testing::Dice;
using testing::finishes;
using testing::finishes_within;
using testing::TestBank;

#ifdef CONCLAB_UNDER_SANITIZER
constexpr int kTransfersPerThread = 3'000;
#else
constexpr int kTransfersPerThread = 20'000;
#endif

TEST(LockOrder, OppositeTransfersOnOneThreadRiskNoDeadlock) {
  // One thread, one transfer after the other: this run cannot hang. Had the two transfers run
  // on two threads at once, though, a transfer that locks `from` first could have deadlocked,
  // and the lock-order checker says so the moment the second one takes its locks.
  const conclab::testing::FailTestOnLockOrderReport fail_on_lock_order_reports;
  auto bank = TestBank::open(2, 100);
  const auto scenario = [bank] {
    transfer((*bank)[0], (*bank)[1], 10);
    transfer((*bank)[1], (*bank)[0], 20);
  };
  ASSERT_TRUE(finishes("transfer(1 to 2), then transfer(2 to 1), on one thread", scenario));
  EXPECT_EQ((*bank)[0].balance, 110);
  EXPECT_EQ((*bank)[1].balance, 90);
}

TEST(LockOrder, TransfersAndAuditsOnOneThreadFollowOneOrder) {
  // Every pair of accounts, in both directions, with the audit (which takes the accounts by
  // increasing id) in between. An order that is not one fixed order for the whole bank, such as
  // "the account with more money first", shows up as a cycle here.
  const conclab::testing::FailTestOnLockOrderReport fail_on_lock_order_reports;
  auto bank = TestBank::open(5, 1000);
  const auto scenario = [bank] {
    Dice dice(11);
    for (int i = 0; i < 300; ++i) {
      const std::size_t from = dice.roll(bank->size());
      const std::size_t to = (from + 1 + dice.roll(bank->size() - 1)) % bank->size();
      transfer((*bank)[from], (*bank)[to], static_cast<long>(dice.roll(400)));
      if (i % 10 == 0) {
        static_cast<void>(bank->total());
      }
    }
  };
  ASSERT_TRUE(finishes("300 transfers and audits on one thread", scenario));
  EXPECT_EQ(bank->total(), 5000);
}

TEST(BankTotal, AuditsNeverSeeMoneyInFlight) {
  // Three threads transfer between four accounts while a fourth audits them over and over.
  // Each transfer must hold both accounts while it moves the money: an audit that finds the
  // total changed caught a transfer half done.
  struct State {
    std::shared_ptr<TestBank> bank = TestBank::open(4, 1000);
    std::atomic<int> movers_left = 3;
    std::atomic<long> audits = 0;
    std::atomic<long> wrong_audits = 0;
    std::atomic<long> last_wrong_total = 0;
  };
  auto state = std::make_shared<State>();
  const auto scenario = [state] {
    std::vector<std::jthread> threads;
    for (unsigned long mover = 0; mover < 3; ++mover) {
      threads.emplace_back([state, mover] {
        name_this_thread("mover-" + std::to_string(mover));
        Dice dice(mover + 1);
        TestBank& bank = *state->bank;
        for (int i = 0; i < kTransfersPerThread; ++i) {
          const std::size_t from = dice.roll(4);
          const std::size_t to = (from + 1 + dice.roll(3)) % 4;  // never the same account
          transfer(bank[from], bank[to], static_cast<long>(dice.roll(100)));
        }
        --state->movers_left;
      });
    }
    threads.emplace_back([state] {
      name_this_thread("auditor");
      while (state->movers_left > 0) {
        const long total = state->bank->total();
        ++state->audits;
        if (total != 4000) {
          ++state->wrong_audits;
          state->last_wrong_total = total;
        }
      }
    });
  };
  ASSERT_TRUE(
      finishes_within(testing::scenario_limit(6.0), "transfers and audits at once", scenario));
  EXPECT_EQ(state->wrong_audits.load(), 0)
      << state->wrong_audits << " of " << state->audits << " audits found a total of "
      << state->last_wrong_total << " instead of 4000: a transfer let go of one account before "
      << "it had changed both balances";
  EXPECT_EQ(state->bank->total(), 4000) << "money was created or lost by unguarded updates";
}

TEST(ProduceAndConsume, EightConsumersHandleTenThousandJobsExactlyOnce) {
  auto results = std::make_shared<std::vector<int>>();
  const auto scenario = [results] {
    std::vector<int> jobs(10'000);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      jobs[i] = static_cast<int>(i);
    }
    *results = produce_and_consume(jobs, 8, [](int job) { return job; });
  };
  ASSERT_TRUE(finishes("produce_and_consume with 8 consumers and 10, 000 jobs", scenario));
  std::sort(results->begin(), results->end());
  ASSERT_EQ(results->size(), 10'000U) << "jobs were lost or handled twice";
  for (std::size_t i = 0; i < results->size(); ++i) {
    ASSERT_EQ((*results)[i], static_cast<int>(i)) << "job " << i << " lost or handled twice";
  }
}

/// Waits, for at most `limit`, until every thread started since `before` has ended: then a
/// thread nobody joined has done what it was going to do, and a sanitizer's report of it
/// belongs to the running test.
void wait_for_new_threads_to_end(const std::set<int>& before, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::set<int> now = testing::thread_ids();
    if (std::includes(before.begin(), before.end(), now.begin(), now.end())) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// A job that stops its own worker cannot wait there for the worker's thread to end, but
// someone must: after the job, the thread takes the worker's mutex once more to see that it
// must stop. So the worker here is freed while that job is still running, and its destructor
// has to wait for the thread. A thread let go instead (detached) comes back to a freed worker,
// which ThreadSanitizer reports with both stacks.
constexpr std::chrono::milliseconds kJobGoesOnAfterStop{100};  // so that the free comes first

TEST(WorkerLifetime, AWorkerStoppedByItsOwnJobCanBeFreedWhileTheJobRuns) {
  const std::set<int> before = testing::thread_ids();
  auto worker = std::make_unique<Worker>();
  std::promise<void> stop_returned;
  std::future<void> job = worker->post([raw = worker.get(), &stop_returned] {
    try {
      raw->stop();
    } catch (...) {
      stop_returned.set_exception(std::current_exception());
      throw;
    }
    stop_returned.set_value();
    std::this_thread::sleep_for(kJobGoesOnAfterStop);
  });
  ASSERT_NO_THROW(stop_returned.get_future().get())
      << "stop(), called by a job on the worker's own thread, threw";
  worker.reset();
  job.get();
  wait_for_new_threads_to_end(before, testing::scenario_limit());
}

}  // namespace
}  // namespace lab06
