// Deadlock: nothing about a child process can hang its parent. join_for() and join_all_for()
// give up on time, with one deadline for a whole set; a child that dies holding the shared
// lock does not block the processes waiting for it; and the destructor ends a child that
// would never end by itself. A stuck child is reported by the test, then killed; the watchdog
// is only the last resort.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <numeric>
#include <optional>
#include <thread>
#include <vector>

#include "child_processes.hpp"
#include "process.hpp"
#include "processes.hpp"
#include "shared_counter.hpp"

namespace lab07 {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::Gate;
using testing::NoChildLeft;
using testing::Shared;

using JoinFor = NoChildLeft;
using JoinAllFor = NoChildLeft;
using RobustLock = NoChildLeft;
using Destructor = NoChildLeft;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// A child that never ends by itself (it even ignores SIGTERM) until the test process dies.
std::function<int()> endless_child() {
  const pid_t parent = ::getpid();
  return [parent]() -> int {
    testing::die_with_parent(parent);
    ::signal(SIGTERM, SIG_IGN);
    for (;;) {
      ::pause();
    }
  };
}

/// Whether every process ends within `limit` (one deadline for all, in the test's own code).
bool all_end_within(std::vector<Process>& processes, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  bool all = true;
  for (Process& process : processes) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    all = process.join_for(std::max(left, 0ms)) && all;
  }
  return all;
}

TEST_F(JoinFor, ReturnsFalseWhileTheChildRunsAndTrueOnceItHasEnded) {
  const Shared<Gate> gate;
  const pid_t parent = ::getpid();
  Process process([&] {
    testing::die_with_parent(parent);
    gate->wait();
    return 2;
  });
  ASSERT_TRUE(process.start());
  EXPECT_FALSE(process.join_for(50ms));
  EXPECT_EQ(process.exitcode(), std::nullopt);
  gate->open = 1;
  EXPECT_TRUE(process.join_for(testing::progress_limit()));
  EXPECT_EQ(process.exitcode(), std::optional<int>(2));
}

TEST_F(JoinAllFor, KeepsOneDeadlineForTheWholeSet) {
  // Four children that never end. join_all_for(set, T) must give up after about T in all, not
  // T per child. Calibrated in this run: one join_for(T) on one child is the yardstick.
  constexpr auto kTimeout = 150ms;
  std::vector<Process> processes;
  for (int i = 0; i < 4; ++i) {
    processes.emplace_back(endless_child());
    ASSERT_TRUE(processes.back().start());
  }
  auto start = Clock::now();
  EXPECT_FALSE(processes.front().join_for(kTimeout));
  const double one = milliseconds_since(start);

  start = Clock::now();
  const bool all_ended = join_all_for(processes, kTimeout);
  const double all = milliseconds_since(start);
  EXPECT_FALSE(all_ended) << "join_all_for() said children that never end had ended";
  EXPECT_LT(all, 2.5 * one) << "join_all_for() took " << all << " ms for 4 children where one "
                            << "join_for() took " << one
                            << " ms: the deadline was restarted for each child";
  for (Process& process : processes) {
    EXPECT_TRUE(process.is_alive()) << "join_all_for() must leave running children running";
  }
  // The destructors end them.
}

TEST_F(JoinAllFor, ReturnsTrueOnceEveryChildHasEnded) {
  std::vector<Process> processes;
  const pid_t parent = ::getpid();
  for (int i = 0; i < 5; ++i) {
    processes.emplace_back([parent, i] {
      testing::die_with_parent(parent);
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * (5 - i)));  // last ends first
      return i;
    });
    ASSERT_TRUE(processes.back().start());
  }
  EXPECT_TRUE(join_all_for(processes, testing::progress_limit()));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(processes[static_cast<std::size_t>(i)].exitcode(), std::optional<int>(i));
  }
}

/// What the robust-lock tests share with their children.
struct LockScene {
  RobustMutex mutex;
  Gate holding;                       ///< Opened by the child that holds the lock and dies.
  std::atomic<int> recovered{0};      ///< How many lockers were told the owner died.
  std::atomic<int> not_recovered{0};  ///< How many lockers were not.
  long guarded = 0;                   ///< Changed only under the mutex.
};

TEST_F(RobustLock, AChildThatDiesHoldingTheLockDoesNotStopTheOthers) {
  const Shared<LockScene> scene;
  const pid_t parent = ::getpid();
  Process dies_holding([&] {
    testing::die_with_parent(parent);
    scene->mutex.lock();
    scene->holding.open = 1;
    std::this_thread::sleep_for(50ms);  // the others queue up on the lock meanwhile
    ::_exit(0);                         // leaves without unlocking
  });
  ASSERT_TRUE(dies_holding.start());
  std::vector<Process> waiters;
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&] {
      testing::die_with_parent(parent);
      scene->holding.wait();
      if (scene->mutex.lock()) {
        ++scene->recovered;
      } else {
        ++scene->not_recovered;
      }
      ++scene->guarded;
      scene->mutex.unlock();
    });
    ASSERT_TRUE(waiters.back().start());
  }
  dies_holding.join();
  ASSERT_TRUE(all_end_within(waiters, testing::progress_limit()))
      << "processes waiting for a lock whose owner died are still blocked in lock(): the mutex "
         "must be robust (PTHREAD_MUTEX_ROBUST), and lock() must handle EOWNERDEAD";
  for (Process& waiter : waiters) {
    EXPECT_EQ(waiter.exitcode(), std::optional<int>(0)) << waiter.describe();
  }
  EXPECT_EQ(scene->recovered.load(), 1) << "exactly one locker must be told the owner died";
  EXPECT_EQ(scene->not_recovered.load(), 3);
  EXPECT_EQ(scene->guarded, 4);
}

TEST_F(RobustLock, TheLockIsUsableAgainAfterARecovery) {
  // One child takes the lock and dies; the next locker recovers it; a third finds it normal.
  const Shared<LockScene> scene;
  const pid_t parent = ::getpid();
  auto locker = [&] {
    testing::die_with_parent(parent);
    const bool recovered = scene->mutex.lock();
    scene->mutex.unlock();
    return recovered ? 1 : 0;
  };
  Process dies_holding([&] {
    testing::die_with_parent(parent);
    scene->mutex.lock();
    ::_exit(0);
  });
  ASSERT_TRUE(dies_holding.start());
  dies_holding.join();
  std::vector<Process> lockers;
  lockers.emplace_back(std::function<int()>(locker));
  ASSERT_TRUE(lockers.back().start());
  ASSERT_TRUE(all_end_within(lockers, testing::progress_limit()))
      << "a lock abandoned by a dead process blocks the next locker forever";
  lockers.emplace_back(std::function<int()>(locker));
  ASSERT_TRUE(lockers.back().start());
  ASSERT_TRUE(all_end_within(lockers, testing::progress_limit()))
      << "the lock is unusable after a recovery: call pthread_mutex_consistent()";
  EXPECT_EQ(lockers[0].exitcode(), std::optional<int>(1)) << "the first locker after the death "
                                                             "must be told (lock() returns true)";
  EXPECT_EQ(lockers[1].exitcode(), std::optional<int>(0)) << "the next one finds a normal lock";
}

TEST_F(RobustLock, TheCounterSurvivesChildrenKilledWhileCounting) {
  // Children killed at an arbitrary moment, maybe inside add(): the table must stay usable and
  // consistent. What is left is probed from a child first, so that a lock left held forever
  // is reported (and the probe killed) instead of hanging the test.
  PidCounter counter;
  const pid_t parent = ::getpid();
  std::vector<Process> counters;
  for (int child = 0; child < 3; ++child) {
    counters.emplace_back([&, child] {
      testing::die_with_parent(parent);
      for (;;) {
        counter.add(::getpid(), child + 1);
        counter.add(-1, 1);
      }
    });
    ASSERT_TRUE(counters.back().start());
  }
  const auto give_up = Clock::now() + testing::progress_limit();
  while (counter.total() < 30000 && Clock::now() < give_up) {
    std::this_thread::sleep_for(1ms);
  }
  for (Process& process : counters) {
    process.kill();
  }
  for (Process& process : counters) {
    process.join();
    EXPECT_EQ(process.exitcode(), std::optional<int>(-SIGKILL));
  }
  std::vector<Process> probe;
  probe.emplace_back([&] {
    testing::die_with_parent(parent);
    counter.add(7, 1);
    const PidCounter::Snapshot snapshot = counter.snapshot();
    const long sum = std::accumulate(snapshot.counts.begin(), snapshot.counts.end(), 0L,
                                     [](long total, const auto& e) { return total + e.second; });
    return sum == snapshot.total ? 0 : 1;
  });
  ASSERT_TRUE(probe.front().start());
  ASSERT_TRUE(all_end_within(probe, testing::progress_limit()))
      << "after children were killed while counting, add() blocks forever: one died holding "
         "the table's lock, which must be robust";
  EXPECT_EQ(probe.front().exitcode(), std::optional<int>(0))
      << "the counts did not add up to the total after a recovery: repair the total";
  EXPECT_EQ(counter.count(7), 1);
}

TEST_F(Destructor, EndsAChildThatWouldNeverEnd) {
  // The destructor runs on a thread of its own, so that if it waits for the child forever the
  // test can say so, kill the child from outside (which frees the destructor) and go on.
  std::optional<Process> process(std::in_place, endless_child());
  ASSERT_TRUE(process->start());
  const pid_t pid = process->pid();
  std::atomic<bool> destroyed = false;
  std::jthread destroyer([&] {
    process.reset();
    destroyed = true;
  });
  const auto give_up = Clock::now() + testing::progress_limit();
  while (!destroyed && Clock::now() < give_up) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_TRUE(destroyed) << "~Process() waited for a child that never ends (it ignores "
                            "SIGTERM): the destructor must end it (SIGKILL) before reaping it";
  if (!destroyed) {
    ::kill(pid, SIGKILL);
  }
}

}  // namespace
}  // namespace lab07
