// Lab 06 benchmark: what one transfer costs, by the way it takes its two locks, with nobody else
// around (1 thread) and with a second thread transferring the other way on the same two accounts
// (2 threads, the case that deadlocks when the order is wrong).
//
//   std::mutex, std::scoped_lock(a, b)     the fix of task 1, without the checker
//   std::mutex, ordered lock_guards         the other fix: lower id first
//   CheckedMutex, ordered CheckedLocks      the checker's cost when it is told the line
//   CheckedMutex, your transfer()           Account as the lab uses it (the checker reads the
//                                           stack to name the line a std::scoped_lock took)
//
// Read the time per transfer across the rows: the price of the checker is what you pay in a
// debug build for finding inversions before they hang.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "account.hpp"
#include "transfer.hpp"

namespace {

/// An account with a plain std::mutex, for the rows without the checker.
struct PlainAccount {
  explicit PlainAccount(int number) : id(number) {}
  int id;
  std::mutex mutex;
  long balance = 1'000'000;
};

void transfer_scoped_lock(PlainAccount& from, PlainAccount& to, long amount) {
  const std::scoped_lock hold_both(from.mutex, to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

void transfer_ordered(PlainAccount& from, PlainAccount& to, long amount) {
  PlainAccount& first = from.id < to.id ? from : to;
  PlainAccount& second = from.id < to.id ? to : from;
  const std::lock_guard hold_first(first.mutex);
  const std::lock_guard hold_second(second.mutex);
  from.balance -= amount;
  to.balance += amount;
}

void transfer_ordered_checked(lab06::Account& from, lab06::Account& to, long amount) {
  lab06::Account& first = from.id < to.id ? from : to;
  lab06::Account& second = from.id < to.id ? to : from;
  const conclab::CheckedLock hold_first(first.mutex);
  const conclab::CheckedLock hold_second(second.mutex);
  from.balance -= amount;
  to.balance += amount;
}

/// Thread 0 transfers from `a` to `b`, thread 1 (when there is one) from `b` to `a`.
template <typename AccountType, void (*Transfer)(AccountType&, AccountType&, long)>
void bench_transfer(benchmark::State& state, AccountType& a, AccountType& b) {
  const bool forwards = state.thread_index() == 0;
  for (auto _ : state) {
    if (forwards) {
      Transfer(a, b, 1);
    } else {
      Transfer(b, a, 1);
    }
  }
  state.SetItemsProcessed(state.iterations());
}

PlainAccount plain_a(1);
PlainAccount plain_b(2);
lab06::Account checked_a(1, 1'000'000);
lab06::Account checked_b(2, 1'000'000);

void BM_ScopedLock(benchmark::State& state) {
  bench_transfer<PlainAccount, transfer_scoped_lock>(state, plain_a, plain_b);
}

void BM_OrderedLockGuards(benchmark::State& state) {
  bench_transfer<PlainAccount, transfer_ordered>(state, plain_a, plain_b);
}

void BM_CheckedMutexOrderedCheckedLocks(benchmark::State& state) {
  bench_transfer<lab06::Account, transfer_ordered_checked>(state, checked_a, checked_b);
}

/// Whether two threads transferring 10,000 times each way with your transfer() finish within
/// two seconds (a stub deadlocks; its stuck threads and accounts are then left behind).
bool your_transfer_survives_both_directions() {
  struct Probe {
    lab06::Account a{1, 0};
    lab06::Account b{2, 0};
    std::atomic<int> done = 0;
  };
  auto* probe = new Probe;  // NOLINT(cppcoreguidelines-owning-memory): leaked if they deadlock
  std::thread([probe] {
    for (int i = 0; i < 10'000; ++i) {
      lab06::transfer(probe->a, probe->b, 1);
    }
    ++probe->done;
  }).detach();
  std::thread([probe] {
    for (int i = 0; i < 10'000; ++i) {
      lab06::transfer(probe->b, probe->a, 1);
    }
    ++probe->done;
  }).detach();
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (probe->done < 2 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (probe->done < 2) {
    return false;
  }
  delete probe;  // NOLINT(cppcoreguidelines-owning-memory)
  return true;
}

void BM_YourTransfer(benchmark::State& state) {
  static const bool survives = your_transfer_survives_both_directions();
  if (!survives) {
    state.SkipWithError("your transfer() deadlocked with two threads (is it still the stub?)");
    return;
  }
  bench_transfer<lab06::Account, lab06::transfer>(state, checked_a, checked_b);
}

BENCHMARK(BM_ScopedLock)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_OrderedLockGuards)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_CheckedMutexOrderedCheckedLocks)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_YourTransfer)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
