// Race: many threads at once on one executor. Nothing accepted may be lost or run twice, and
// every result must reach its own future. Run under ThreadSanitizer too (--tsan).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <latch>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "as_completed.hpp"
#include "patience.hpp"
#include "run_together.hpp"
#include "thread_pool_executor.hpp"
#include "wait.hpp"

namespace lab05 {
namespace {

using testing::finishes;
using testing::run_together;

// Enough volume to find a lost task in a plain run, yet quick under chaos scheduling (every
// lock may yield the CPU) on a loaded machine.
#ifdef CONCLAB_UNDER_SANITIZER
constexpr int kRounds = 20;  // a sanitizer sees the race without the volume
constexpr int kTasksPerThread = 300;
#else
constexpr int kRounds = 100;
constexpr int kTasksPerThread = 1'000;
#endif
constexpr int kSubmitters = 4;

/// How often each task ran: tasks[i] counts the runs of task i.
using RunCounts = std::vector<std::atomic<int>>;

TEST(Submit, ManyThreadsSubmittingAtOnceLoseNothing) {
  auto runs = std::make_shared<RunCounts>(kSubmitters * kTasksPerThread);
  ThreadPoolExecutor executor(3);
  std::vector<std::vector<Future<int>>> futures(kSubmitters);
  run_together(kSubmitters, [&](std::size_t s) {
    for (int i = 0; i < kTasksPerThread; ++i) {
      const int task = static_cast<int>(s) * kTasksPerThread + i;
      futures[s].push_back(executor.submit([runs, task] {
        ++(*runs)[static_cast<std::size_t>(task)];
        return task * 2;
      }));
    }
  });
  for (int s = 0; s < kSubmitters; ++s) {
    for (int i = 0; i < kTasksPerThread; ++i) {
      const auto& future = futures[static_cast<std::size_t>(s)][static_cast<std::size_t>(i)];
      ASSERT_TRUE(finishes(future)) << "task " << i << " of submitter " << s;
      ASSERT_EQ(future.result(), 2 * (s * kTasksPerThread + i))
          << "a future holds another task's result";
    }
  }
  for (std::size_t task = 0; task < runs->size(); ++task) {
    ASSERT_EQ((*runs)[task].load(), 1) << "task " << task << " ran this many times";
  }
}

TEST(Map, SeveralThreadsMappingAtOnceEachGetTheirOwnResults) {
  ThreadPoolExecutor executor(3);
  std::vector<int> inputs(kTasksPerThread / 4);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    inputs[i] = static_cast<int>(i);
  }
  std::vector<std::vector<int>> results(kSubmitters);
  run_together(kSubmitters, [&](std::size_t m) {
    results[m] = executor.map([m](int x) { return x * 10 + static_cast<int>(m); }, inputs);
  });
  for (int m = 0; m < kSubmitters; ++m) {
    const auto& mine = results[static_cast<std::size_t>(m)];
    ASSERT_EQ(mine.size(), inputs.size()) << "mapper " << m;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      ASSERT_EQ(mine[i], static_cast<int>(i) * 10 + m) << "mapper " << m << ", input " << i;
    }
  }
}

/// One round of submitters racing a shutdown: what each submitter got accepted, and how often
/// each accepted task ran.
struct RaceRound {
  std::vector<std::vector<Future<int>>> accepted =
      std::vector<std::vector<Future<int>>>(kSubmitters);
  std::shared_ptr<std::atomic<int>> runs = std::make_shared<std::atomic<int>>(0);
  bool wrong_error = false;
};

/// A submitter that, like a client, submits a task and waits for its result, again and again,
/// until the executor refuses. The queue is then nearly always empty, so a shutdown can find
/// the workers idle while this submitter is half-way through submitting.
void submit_until_refused(ThreadPoolExecutor& executor, RaceRound& round, std::size_t submitter,
                          std::latch& started) {
  bool counted_in = false;
  for (int i = 0;; ++i) {
    Future<int> future;
    try {
      future = executor.submit([runs = round.runs, i] {
        ++*runs;
        return i;
      });
    } catch (const std::runtime_error&) {
      break;  // refused: the executor is shut down
    } catch (...) {
      round.wrong_error = true;
      break;
    }
    round.accepted[submitter].push_back(future);
    if (!future.wait_for(testing::patience())) {
      break;  // accepted but never run: the test reports it
    }
    if (!counted_in && i == 2) {
      started.count_down();
      counted_in = true;
    }
  }
  if (!counted_in) {
    started.count_down();
  }
}

TEST(Shutdown, TasksAcceptedWhileShuttingDownAllRun) {
  // Submitters race shutdown(wait = true). A task is either refused (std::runtime_error) or
  // accepted, and then it must have run by the time shutdown returns.
  for (int r = 0; r < kRounds; ++r) {
    RaceRound round;
    ThreadPoolExecutor executor(2);
    {
      std::latch started(kSubmitters);
      std::vector<std::jthread> submitters;
      for (std::size_t s = 0; s < kSubmitters; ++s) {
        submitters.emplace_back([&, s] { submit_until_refused(executor, round, s, started); });
      }
      started.wait();
      executor.shutdown(/*wait=*/true);
    }  // the submitters have stopped: the last submit of each was refused
    ASSERT_FALSE(round.wrong_error) << "submit after shutdown must throw std::runtime_error";
    int accepted = 0;
    for (const auto& futures : round.accepted) {
      for (const auto& future : futures) {
        ++accepted;
        ASSERT_TRUE(future.done())
            << "round " << r << ": a task accepted while shutdown ran had not run when "
            << "shutdown(wait = true) returned (nor ever will): accepted work was lost";
      }
    }
    ASSERT_EQ(round.runs->load(), accepted) << "round " << r;
  }
}

TEST(Shutdown, CancellingRacesWithTheWorkersButEveryTaskEndsOneWayOrTheOther) {
  // Each task either runs (once) or is cancelled (and never runs); nothing is left pending.
  constexpr int kTasks = 100;
  for (int r = 0; r < kRounds / 5; ++r) {
    auto runs = std::make_shared<RunCounts>(kTasks);
    std::vector<Future<int>> futures;
    {
      ThreadPoolExecutor executor(3);
      for (int i = 0; i < kTasks; ++i) {
        futures.push_back(executor.submit([runs, i] {
          ++(*runs)[static_cast<std::size_t>(i)];
          return i;
        }));
      }
      executor.shutdown(/*wait=*/true, /*cancel_futures=*/true);
    }
    for (std::size_t i = 0; i < futures.size(); ++i) {
      ASSERT_TRUE(futures[i].done()) << "round " << r << ": task " << i << " is still pending";
      const bool cancelled = futures[i].cancelled();
      ASSERT_EQ((*runs)[i].load(), cancelled ? 0 : 1)
          << "round " << r << ": task " << i << (cancelled ? " (cancelled)" : "");
    }
  }
}

TEST(AsCompleted, SeesEveryFutureOnceWhileManyFinishTogether) {
  ThreadPoolExecutor executor(4);
  auto start = std::make_shared<std::latch>(1);
  std::vector<Future<int>> futures;
  for (int i = 0; i < kTasksPerThread; ++i) {
    futures.push_back(executor.submit([start, i] {
      start->wait();
      return i;
    }));
  }
  std::vector<int> seen;
  auto in_finishing_order = as_completed(futures);
  start->count_down();
  for (const auto& future : in_finishing_order) {
    seen.push_back(future.result());
  }
  std::sort(seen.begin(), seen.end());
  ASSERT_EQ(seen.size(), futures.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    ASSERT_EQ(seen[i], static_cast<int>(i)) << "a future came out twice, another never";
  }
}

TEST(AsCompleted, FuturesMayFinishAfterTheLoopHasGivenUp) {
  // The loop times out and its queue is destroyed; the futures finish afterwards and tell a
  // queue that is gone. Whatever they tell must still exist.
  for (int r = 0; r < kRounds / 4; ++r) {
    ThreadPoolExecutor executor(2);
    auto start = std::make_shared<std::latch>(1);
    std::vector<Future<int>> futures;
    for (int i = 0; i < 4; ++i) {
      futures.push_back(executor.submit([start, i] {
        start->wait();
        return i;
      }));
    }
    EXPECT_THROW(
        {
          for (const auto& future : as_completed(futures, std::chrono::microseconds(10))) {
            static_cast<void>(future);
          }
        },
        TimeoutError);
    start->count_down();
    const auto [done, not_done] = wait(futures);
    ASSERT_EQ(done.size(), futures.size());
  }
}

}  // namespace
}  // namespace lab05
