// CheckedMutex as a mutex: the Lockable requirements, the standard guards and condition
// variables, mutual exclusion, and the self-deadlock it refuses to wait in.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>
#include <vector>

#include "captured_reports.hpp"
#include "conclab/checked_mutex.hpp"
#include "conclab/watchdog.hpp"

namespace {

using conclab::CheckedLock;
using conclab::CheckedMutex;
using conclab::LockOrderReport;
using conclab::lock_order_tests::CapturedReports;
using conclab::lock_order_tests::site;
using namespace std::chrono_literals;

constexpr std::string_view kCheckedMutexTestFile = "checked_mutex_test.cpp";

/// Long enough for anything here on a loaded machine; reached only by a hang.
constexpr auto kHangBudget = 60s;

}  // namespace

TEST_CASE("CheckedMutex works with the standard guards") {
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  {
    const std::lock_guard guard(a);
    CHECK_FALSE(a.try_lock());  // held by this thread
  }
  {
    std::unique_lock lock(a);
    CHECK(lock.owns_lock());
    lock.unlock();
    CHECK(a.try_lock());  // free again
    a.unlock();
  }
  {
    const std::scoped_lock both(a, b);
    CHECK_FALSE(b.try_lock());
  }
  CHECK(a.try_lock());
  CHECK(b.try_lock());
  a.unlock();
  b.unlock();
}

TEST_CASE("try_lock fails while another thread holds the mutex") {
  const conclab::Watchdog watchdog(kHangBudget, "try_lock of a mutex another thread holds");
  CheckedMutex mutex{"M"};
  std::latch taken(1);
  std::latch tried(1);
  std::jthread holder([&] {
    const CheckedLock hold(mutex);
    taken.count_down();
    tried.wait();
  });
  taken.wait();
  CHECK_FALSE(mutex.try_lock());
  tried.count_down();
  holder.join();
  CHECK(mutex.try_lock());
  mutex.unlock();
}

TEST_CASE("CheckedMutex excludes: counts under it add up") {
  const conclab::Watchdog watchdog(kHangBudget, "four threads counting under a CheckedMutex");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20'000;
  CheckedMutex mutex{"counter"};
  long count = 0;
  {
    std::vector<std::jthread> threads;
    threads.reserve(kThreads);
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&] {
        for (int n = 0; n < kPerThread; ++n) {
          const CheckedLock hold(mutex);
          count = count + 1;  // a read, then a write: lost updates if the lock did not exclude
        }
      });
    }
  }
  CHECK(count == long{kThreads} * kPerThread);
}

TEST_CASE("std::condition_variable_any waits on a CheckedMutex") {
  const conclab::Watchdog watchdog(kHangBudget, "a condition_variable_any handing over items");
  CheckedMutex mutex{"queue"};
  std::condition_variable_any changed;
  std::vector<int> queue;
  bool done = false;
  std::jthread producer([&] {
    for (int item = 1; item <= 100; ++item) {
      {
        const std::scoped_lock lock(mutex);
        queue.push_back(item);
      }
      changed.notify_all();
    }
    {
      const std::scoped_lock lock(mutex);
      done = true;
    }
    changed.notify_all();
  });
  int sum = 0;
  std::unique_lock lock(mutex);
  while (true) {
    changed.wait(lock, [&] { return !queue.empty() || done; });
    for (const int item : queue) {
      sum += item;
    }
    if (queue.empty() && done) {
      break;
    }
    queue.clear();
  }
  CHECK(sum == 5050);
}

TEST_CASE("locking a mutex the thread holds is reported, then throws instead of hanging") {
  const conclab::Watchdog watchdog(kHangBudget, "locking a held CheckedMutex again");
  const CapturedReports captured;
  CheckedMutex mutex{"account A"};
  const int first = __LINE__ + 1;
  const CheckedLock hold(mutex);
  int again = 0;
  try {
    again = __LINE__ + 1;
    mutex.lock();
    FAIL("lock() of a mutex this thread holds returned");
  } catch (const std::system_error& error) {
    CHECK(error.code() == std::errc::resource_deadlock_would_occur);
  }

  const auto reports = captured.reports();
  REQUIRE(reports.size() == 1);
  const LockOrderReport& report = reports[0];
  CHECK(report.kind == LockOrderReport::Kind::kSelfDeadlock);
  REQUIRE(report.edges.size() == 1);
  CHECK(report.edges[0].held.site == site(kCheckedMutexTestFile, first));
  CHECK(report.edges[0].taken.site == site(kCheckedMutexTestFile, again));
  CHECK(report.text.starts_with(
      "conclab lock-order: self-deadlock: \"account A\" (" + site(kCheckedMutexTestFile, again) +
      ") taken while holding \"account A\" (" + site(kCheckedMutexTestFile, first) + ")"));
}

TEST_CASE("every mutex has its own id, and a name") {
  CheckedMutex first{"first"};
  const int line = __LINE__ + 1;
  CheckedMutex second;
  CHECK(first.id() != second.id());
  CHECK(first.name() == "first");
  CHECK(second.name() == "mutex created at " + site(kCheckedMutexTestFile, line));
}

TEST_CASE("the reports are kept, and the handler can be replaced and restored") {
  conclab::clear_lock_order_reports();
  std::vector<std::string> seen;
  auto previous = conclab::set_lock_order_handler(
      [&seen](const LockOrderReport& report) { seen.push_back(report.text); });
  {
    CheckedMutex a{"A"};
    CheckedMutex b{"B"};
    {
      const CheckedLock hold_a(a);
      const CheckedLock hold_b(b);
    }
    const CheckedLock hold_b(b);
    const CheckedLock hold_a(a);
  }
  conclab::set_lock_order_handler(std::move(previous));
  REQUIRE(seen.size() == 1);
  const auto kept = conclab::lock_order_reports();
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].text == seen[0]);
  conclab::clear_lock_order_reports();
  CHECK(conclab::lock_order_reports().empty());
}
