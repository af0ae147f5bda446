// Speedup: a fix for a deadlock must not cost the program its parallelism. Both tests are
// clock-free: they prove that work overlaps, not how fast it runs, so they hold on a busy
// machine, on one core and under a sanitizer.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "bounded_run.hpp"
#include "conclab/thread_waits.hpp"
#include "consumers.hpp"
#include "test_bank.hpp"
#include "thread_name.hpp"
#include "transfer.hpp"

namespace lab06 {
namespace {

using testing::finishes;
using testing::finishes_within;
using testing::TestBank;

/// Whether the thread named `name` is asleep in a futex (blocked on a mutex, say) on `polls`
/// looks in a row, a millisecond apart.
bool thread_stays_blocked(const std::string& name, int polls) {
  constexpr long kFutex = 202;
  for (int poll = 0; poll < polls; ++poll) {
    bool blocked = false;
    for (const conclab::ThreadWait& thread : conclab::inspect_own_threads()) {
      blocked = blocked || (thread.name == name && !thread.running && thread.syscall == kFutex);
    }
    if (!blocked) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

TEST(IndependentTransfers, ProceedWhileAnotherTransferWaits) {
  // The test holds account 1's mutex, so a transfer from 1 to 2 has to wait. Meanwhile a
  // transfer between accounts 3 and 4, which shares nothing with it, must go through. It
  // cannot if every transfer takes one lock for the whole bank (a common way to "fix" a
  // deadlock, which also makes all transfers take turns).
  auto bank = TestBank::open(4, 100);
  auto stuck_transfer_done = std::make_shared<std::atomic<bool>>(false);
  std::unique_lock hold_account_1((*bank)[0].mutex);
  std::jthread waiting_transfer([bank, stuck_transfer_done] {
    name_this_thread("transfer-1-to-2");
    transfer((*bank)[0], (*bank)[1], 10);
    *stuck_transfer_done = true;
  });
  const auto give_up = std::chrono::steady_clock::now() + testing::scenario_limit();
  while (!thread_stays_blocked("transfer-1-to-2", 3) && !*stuck_transfer_done &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();
  }
  ASSERT_FALSE(*stuck_transfer_done)
      << "transfer(1 to 2) finished while the test held account 1's mutex: it must hold both "
         "accounts' mutexes while it changes their balances";
  const auto scenario = [bank] { transfer((*bank)[2], (*bank)[3], 10); };
  const bool independent_went_through =
      finishes("transfer(3 to 4) while transfer(1 to 2) waits for account 1", scenario);
  hold_account_1.unlock();  // lets transfer(1 to 2), and anything waiting behind it, finish
  waiting_transfer.join();
  EXPECT_TRUE(independent_went_through)
      << "a transfer between accounts 3 and 4 waited for one between 1 and 2: transfers that "
         "share no account must not share a lock either (no lock for the whole bank)";
}

TEST(Consumers, FourConsumersHandleJobsAtTheSameTime) {
  // Four jobs, four consumers, and a handler that waits until four jobs are being handled at
  // once (or gives up after a while). It succeeds only if the consumers really work side by
  // side: not one after another, nor one at a time under a lock.
  struct Meeting {
    std::mutex mutex;
    std::condition_variable changed;
    int inside = 0;        // guarded by mutex
    int most_inside = 0;   // guarded by mutex
    bool gave_up = false;  // guarded by mutex
  };
  constexpr int kConsumers = 4;
  auto meeting = std::make_shared<Meeting>();
  const auto scenario = [meeting] {
    const std::vector<int> jobs = {1, 2, 3, 4};
    const auto handle = [meeting](int job) {
      std::unique_lock lock(meeting->mutex);
      ++meeting->inside;
      meeting->most_inside = std::max(meeting->most_inside, meeting->inside);
      meeting->changed.notify_all();
      if (!meeting->changed.wait_for(lock, testing::scenario_limit(), [&] {
            return meeting->most_inside == kConsumers || meeting->gave_up;
          })) {
        meeting->gave_up = true;  // the others need not wait as long
        meeting->changed.notify_all();
      }
      --meeting->inside;
      return job;
    };
    static_cast<void>(produce_and_consume(jobs, kConsumers, handle));
  };
  ASSERT_TRUE(finishes_within(testing::scenario_limit(6.0), "produce_and_consume with 4 consumers",
                              scenario));
  EXPECT_EQ(meeting->most_inside, kConsumers)
      << "at most " << meeting->most_inside << " jobs were being handled at the same time: the "
      << "consumers must take and handle jobs side by side";
}

}  // namespace
}  // namespace lab06
