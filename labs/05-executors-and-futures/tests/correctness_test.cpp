// Correctness: each piece does what its comment promises. The tests decide when tasks finish
// with gates (see gate.hpp), not with a clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "as_completed.hpp"
#include "future.hpp"
#include "gate.hpp"
#include "patience.hpp"
#include "thread_pool_executor.hpp"
#include "wait.hpp"

namespace lab05 {
namespace {

using namespace std::chrono_literals;
using testing::finishes;
using testing::Gate;
using testing::Gates;
using testing::OpenAllAfter;

/// An exception type of the tests' own, to check that what a task throws arrives unchanged.
class FetchFailed : public std::runtime_error {
 public:
  FetchFailed(const std::string& url, int status)
      : std::runtime_error(url + " answered " + std::to_string(status)), status_(status) {}
  [[nodiscard]] int status() const { return status_; }

 private:
  int status_;
};

// ---------------------------------------------------------------- task 1: the worker pool

TEST(ThreadPoolExecutor, RefusesZeroWorkers) {
  EXPECT_THROW(ThreadPoolExecutor(0), std::invalid_argument)
      << "a pool without workers could never run anything";
}

TEST(ThreadPoolExecutor, RemembersItsMaxWorkers) {
  const ThreadPoolExecutor executor(3);
  EXPECT_EQ(executor.max_workers(), 3U);
}

TEST(Execute, RunsEveryTaskOnceOnTheWorkers) {
  constexpr int kTasks = 40;
  struct Seen {
    std::mutex mutex;
    std::vector<int> runs = std::vector<int>(kTasks, 0);
    std::vector<std::thread::id> threads;
  };
  auto seen = std::make_shared<Seen>();
  {
    ThreadPoolExecutor executor(3);
    for (int i = 0; i < kTasks; ++i) {
      executor.execute([seen, i] {
        const std::scoped_lock lock(seen->mutex);
        ++seen->runs[static_cast<std::size_t>(i)];
        seen->threads.push_back(std::this_thread::get_id());
      });
    }
  }  // the destructor waits for every accepted task
  const std::scoped_lock lock(seen->mutex);
  for (int i = 0; i < kTasks; ++i) {
    EXPECT_EQ(seen->runs[static_cast<std::size_t>(i)], 1) << "task " << i << " ran this often";
  }
  std::sort(seen->threads.begin(), seen->threads.end());
  const auto distinct = std::unique(seen->threads.begin(), seen->threads.end());
  EXPECT_LE(std::distance(seen->threads.begin(), distinct), 3)
      << "tasks ran on more threads than the pool has workers";
  EXPECT_EQ(std::count(seen->threads.begin(), distinct, std::this_thread::get_id()), 0)
      << "a task ran on the thread that submitted it, not on a worker";
}

TEST(Shutdown, WithoutWaitReturnsWhileATaskStillRuns) {
  ThreadPoolExecutor executor(1);
  Gates gates(2);  // 0: the task waits here; 1: shutdown(false) has returned
  auto finished = std::make_shared<std::atomic<bool>>(false);
  executor.execute([gate = gates[0], finished] {
    gate->pass();
    *finished = true;
  });
  // A shutdown(false) that waited for the task would wait for ever, so a helper opens the
  // task's gate anyway after a second; the task has then finished before shutdown returned.
  std::jthread opener([task_gate = gates[0], returned = gates[1]] {
    returned->pass_within(1s);
    task_gate->open();
  });
  executor.shutdown(/*wait=*/false);
  const bool finished_before_return = finished->load();
  gates[1]->open();
  EXPECT_FALSE(finished_before_return) << "shutdown(wait = false) waited for the running task";
  executor.shutdown(/*wait=*/true);
  EXPECT_TRUE(finished->load()) << "shutdown(wait = true) returned before the task finished";
}

TEST(Shutdown, NeverLosesAcceptedWork) {
  constexpr int kQueued = 20;
  auto ran = std::make_shared<std::atomic<int>>(0);
  ThreadPoolExecutor executor(1);
  Gates gates(1);
  // The only worker is held at the gate, so the other tasks are still queued at shutdown.
  executor.execute([gate = gates[0]] { gate->pass(); });
  for (int i = 0; i < kQueued; ++i) {
    executor.execute([ran] { ++*ran; });
  }
  executor.shutdown(/*wait=*/false);
  gates[0]->open();
  executor.shutdown(/*wait=*/true);
  EXPECT_EQ(ran->load(), kQueued)
      << "tasks accepted before shutdown were dropped: shutdown without cancel_futures must "
         "let every queued task run";
}

TEST(Shutdown, RefusesNewTasksWithARuntimeError) {
  ThreadPoolExecutor executor(2);
  executor.shutdown();
  EXPECT_THROW(executor.execute([] {}), std::runtime_error)
      << "execute() after shutdown() must throw std::runtime_error";
  try {
    executor.execute([] {});
  } catch (const std::runtime_error& error) {
    EXPECT_FALSE(std::string(error.what()).empty()) << "say why the task was refused";
  } catch (...) {
    // the EXPECT_THROW above has reported it
  }
}

TEST(Shutdown, MayBeCalledMoreThanOnce) {
  ThreadPoolExecutor executor(2);
  executor.shutdown(/*wait=*/false);
  executor.shutdown(/*wait=*/true);
  executor.shutdown();
  SUCCEED();
}

TEST(Destructor, WaitsForEveryAcceptedTask) {
  auto ran = std::make_shared<std::atomic<int>>(0);
  {
    ThreadPoolExecutor executor(2);
    for (int i = 0; i < 50; ++i) {
      executor.execute([ran] {
        std::this_thread::sleep_for(100us);
        ++*ran;
      });
    }
  }
  EXPECT_EQ(ran->load(), 50) << "the destructor returned before every accepted task had run";
}

/// What the initializer tests record: seed 004's one session per worker thread.
struct SessionLog {
  std::mutex mutex;
  int sessions_opened = 0;
  std::map<std::thread::id, int> session_of_thread;       ///< Written by the initializer.
  std::vector<std::pair<std::thread::id, int>> task_saw;  ///< (thread, its session) per task.
};

/// The session of the calling thread: 0 until the initializer has opened one.
thread_local int this_threads_session = 0;

ThreadPoolExecutor::Initializer open_session(const std::shared_ptr<SessionLog>& log) {
  return [log] {
    const std::scoped_lock lock(log->mutex);
    this_threads_session = ++log->sessions_opened;
    log->session_of_thread[std::this_thread::get_id()] = this_threads_session;
  };
}

TEST(Initializer, RunsOnceOnEveryWorkerBeforeItsFirstTask) {
  auto log = std::make_shared<SessionLog>();
  {
    ThreadPoolExecutor executor(3, open_session(log));
    for (int i = 0; i < 30; ++i) {
      executor.execute([log] {
        std::this_thread::sleep_for(200us);
        const std::scoped_lock lock(log->mutex);
        log->task_saw.emplace_back(std::this_thread::get_id(), this_threads_session);
      });
    }
  }
  const std::scoped_lock lock(log->mutex);
  EXPECT_EQ(log->sessions_opened, 3) << "the initializer must run exactly once per worker";
  EXPECT_EQ(log->session_of_thread.count(std::this_thread::get_id()), 0U)
      << "the initializer ran on the thread that made the executor, not on a worker";
  ASSERT_EQ(log->task_saw.size(), 30U);
  for (const auto& [thread, session] : log->task_saw) {
    ASSERT_NE(session, 0) << "a task ran before its worker's initializer had run";
    const auto opened = log->session_of_thread.find(thread);
    ASSERT_NE(opened, log->session_of_thread.end())
        << "a task ran on a thread whose initializer never ran";
    EXPECT_EQ(session, opened->second) << "a task saw another thread's session";
  }
}

TEST(Initializer, RunsOnWorkersThatGetNoTask) {
  auto log = std::make_shared<SessionLog>();
  { const ThreadPoolExecutor executor(4, open_session(log)); }
  const std::scoped_lock lock(log->mutex);
  EXPECT_EQ(log->sessions_opened, 4)
      << "every worker starts (and runs the initializer) when the executor is made";
}

// ---------------------------------------------------------------- task 2: submit and map

TEST(Submit, ReturnsTheResultOfTheCall) {
  ThreadPoolExecutor executor(2);
  // Seed 002 submits pow(5, 2).
  const auto future = executor.submit(
      [](int base, int exponent) {
        int power = 1;
        for (int i = 0; i < exponent; ++i) {
          power *= base;
        }
        return power;
      },
      5, 2);
  ASSERT_TRUE(finishes(future));
  EXPECT_EQ(future.result(), 25);
  EXPECT_FALSE(future.cancelled());
  EXPECT_TRUE(future.exception() == nullptr) << "a task that returned holds an exception";
}

TEST(Submit, CopiesItsArgumentsIntoTheTask) {
  ThreadPoolExecutor executor(1);
  Gates gates(1);
  std::string url = "http://example.test/one";
  const auto future = executor.submit(
      [gate = gates[0]](const std::string& what) {
        gate->pass();
        return what;
      },
      url);
  url = "changed after submit";  // the task must have its own copy
  gates[0]->open();
  ASSERT_TRUE(finishes(future));
  EXPECT_EQ(future.result(), "http://example.test/one");
}

TEST(Submit, RunsTasksThatReturnNothing) {
  ThreadPoolExecutor executor(2);
  auto ran = std::make_shared<std::atomic<bool>>(false);
  const Future<void> future = executor.submit([ran] { *ran = true; });
  ASSERT_TRUE(finishes(future));
  future.result();
  EXPECT_TRUE(ran->load());
}

TEST(Submit, TheFutureIsDoneOnlyWhenTheTaskHasFinished) {
  ThreadPoolExecutor executor(1);
  Gates gates(1);
  const auto future = executor.submit([gate = gates[0]] {
    gate->pass();
    return 7;
  });
  EXPECT_FALSE(future.wait_for(20ms)) << "the future was done before its task could finish";
  gates[0]->open();
  ASSERT_TRUE(finishes(future));
  EXPECT_EQ(future.result(), 7);
}

TEST(Submit, ExceptionsArriveIntact) {
  ThreadPoolExecutor executor(2);
  const auto future = executor.submit([]() -> int { throw FetchFailed("http://a.test", 403); });
  ASSERT_TRUE(finishes(future)) << "a task that throws must still finish its future";
  EXPECT_TRUE(future.exception() != nullptr) << "the future does not hold the task's exception";
  try {
    static_cast<void>(future.result());
    ADD_FAILURE() << "result() returned, but the task had thrown";
  } catch (const FetchFailed& error) {
    EXPECT_EQ(error.status(), 403) << "the exception changed on its way";
    EXPECT_STREQ(error.what(), "http://a.test answered 403");
  } catch (const std::exception& error) {
    ADD_FAILURE() << "result() threw a different exception: " << error.what()
                  << "; store std::current_exception() so the original travels";
  }
}

TEST(Submit, AWorkerSurvivesATaskThatThrows) {
  ThreadPoolExecutor executor(1);
  const auto failing = executor.submit([]() -> int { throw std::out_of_range("no page 81"); });
  const auto next = executor.submit([] { return 81; });
  ASSERT_TRUE(finishes(failing));
  ASSERT_TRUE(finishes(next)) << "after a task threw, the worker ran nothing else";
  EXPECT_THROW(static_cast<void>(failing.result()), std::out_of_range);
  EXPECT_EQ(next.result(), 81);
}

TEST(Submit, RefusesNewTasksAfterShutdown) {
  ThreadPoolExecutor executor(1);
  executor.shutdown();
  EXPECT_THROW(static_cast<void>(executor.submit([] { return 1; })), std::runtime_error)
      << "submit() after shutdown() must throw std::runtime_error";
}

TEST(Map, KeepsTheInputOrder) {
  ThreadPoolExecutor executor(4);
  const std::vector<int> inputs = {1, 4, 3, 5, 6, 3, 7, 5};
  // Earlier inputs take longer, so the calls finish roughly in reverse.
  const auto squares = executor.map(
      [](int x) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2 * (8 - x)));
        return x * x;
      },
      inputs);
  EXPECT_EQ(squares, (std::vector<int>{1, 16, 9, 25, 36, 9, 49, 25}));
}

TEST(Map, OfNoInputsIsEmpty) {
  ThreadPoolExecutor executor(2);
  EXPECT_TRUE(executor.map([](int x) { return x; }, std::vector<int>{}).empty());
}

TEST(Map, ThrowsTheFirstFailureInInputOrder) {
  ThreadPoolExecutor executor(4);
  const std::vector<int> inputs = {0, 1, 2, 3, 4};
  // Input 3 fails at once, input 1 a little later: map must still report input 1's failure.
  const auto fetch = [](int page) {
    if (page == 1) {
      std::this_thread::sleep_for(30ms);
      throw FetchFailed("page 1", 500);
    }
    if (page == 3) {
      throw FetchFailed("page 3", 404);
    }
    return page;
  };
  try {
    static_cast<void>(executor.map(fetch, inputs));
    ADD_FAILURE() << "map returned, but two of the calls had thrown";
  } catch (const FetchFailed& error) {
    EXPECT_EQ(error.status(), 500) << "map threw the failure of a later input (page 3)";
  }
}

TEST(Cancel, APendingTaskThatIsCancelledNeverRuns) {
  ThreadPoolExecutor executor(1);
  Gates gates(1);
  auto ran = std::make_shared<std::atomic<bool>>(false);
  const auto blocker = executor.submit([gate = gates[0]] { gate->pass(); });
  const auto pending = executor.submit([ran] {
    *ran = true;
    return 1;
  });
  EXPECT_TRUE(pending.cancel());
  EXPECT_TRUE(pending.cancelled());
  gates[0]->open();
  executor.shutdown();
  EXPECT_FALSE(ran->load()) << "a worker ran a task whose future had been cancelled";
  EXPECT_THROW(static_cast<void>(pending.result()), CancelledError);
}

TEST(Shutdown, CancelFuturesCancelsOnlyTasksThatHaveNotStarted) {
  constexpr int kQueued = 10;
  ThreadPoolExecutor executor(1);
  Gates gates(2);  // 0: the running task waits here; 1: it has started
  auto queued_ran = std::make_shared<std::atomic<int>>(0);
  const auto running = executor.submit([gates_0 = gates[0], started = gates[1]] {
    started->open();
    gates_0->pass();
    return 42;
  });
  std::vector<Future<int>> queued;
  for (int i = 0; i < kQueued; ++i) {
    queued.push_back(executor.submit([queued_ran, i] {
      ++*queued_ran;
      return i;
    }));
  }
  gates[1]->pass();  // the first task is running: the rest wait in the queue
  executor.shutdown(/*wait=*/false, /*cancel_futures=*/true);
  for (int i = 0; i < kQueued; ++i) {
    EXPECT_TRUE(queued[static_cast<std::size_t>(i)].cancelled())
        << "queued task " << i << " was not cancelled by shutdown(cancel_futures = true)";
  }
  gates[0]->open();
  executor.shutdown();
  ASSERT_TRUE(finishes(running));
  EXPECT_EQ(running.result(), 42) << "a task that had started must finish, not be cancelled";
  EXPECT_EQ(queued_ran->load(), 0) << "cancelled tasks ran anyway";
  EXPECT_THROW(static_cast<void>(queued.front().result()), CancelledError);
}

// ---------------------------------------------------------------- task 3: as_completed

/// Submits `count` tasks to `executor`; task i waits at gates[i], then returns i.
std::vector<Future<int>> gated_tasks(ThreadPoolExecutor& executor, const Gates& gates, int count) {
  std::vector<Future<int>> futures;
  for (int i = 0; i < count; ++i) {
    futures.push_back(executor.submit([gate = gates[static_cast<std::size_t>(i)], i] {
      gate->pass();
      return i;
    }));
  }
  return futures;
}

TEST(AsCompleted, YieldsFuturesInTheOrderTheyFinish) {
  const std::vector<int> finishing_order = {2, 0, 3, 1};
  ThreadPoolExecutor executor(4);
  Gates gates(4);     // task i waits at gates[i]
  Gates came_out(4);  // opened when future i comes out of as_completed
  const auto futures = gated_tasks(executor, gates, 4);
  auto in_finishing_order = as_completed(futures);  // made before any task can finish
  // A helper lets the tasks finish one at a time, in finishing_order: each once the one before
  // has come out of as_completed (or a second has passed, so that a wrong order cannot hang).
  std::jthread releaser([&gates, &came_out, &finishing_order] {
    for (const int i : finishing_order) {
      gates[static_cast<std::size_t>(i)]->open();
      came_out[static_cast<std::size_t>(i)]->pass_within(1s);
    }
  });
  std::vector<int> seen;
  for (const auto& future : in_finishing_order) {
    seen.push_back(future.result());
    came_out[static_cast<std::size_t>(seen.back())]->open();
  }
  EXPECT_EQ(seen, finishing_order)
      << "as_completed must hand out futures as they finish, not in the order of the list";
}

TEST(AsCompleted, YieldsEachFutureOnceIncludingThoseAlreadyDone) {
  ThreadPoolExecutor executor(4);
  Gates gates(3);
  auto futures = gated_tasks(executor, gates, 3);
  gates[1]->open();
  ASSERT_TRUE(finishes(futures[1]));
  futures.push_back(executor.submit([] { return 3; }));
  ASSERT_TRUE(finishes(futures[3]));
  auto in_finishing_order = as_completed(futures);  // 1 and 3 are done, 0 and 2 cannot be
  std::jthread releaser([&gates] {
    gates[0]->open();
    gates[2]->open();
  });
  std::vector<int> seen;
  for (const auto& future : in_finishing_order) {
    seen.push_back(future.result());
  }
  ASSERT_EQ(seen.size(), 4U) << "as_completed must hand out every future exactly once";
  EXPECT_TRUE((seen[0] == 1 && seen[1] == 3) || (seen[0] == 3 && seen[1] == 1))
      << "the futures that were already done must come out first";
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3}));
}

TEST(AsCompleted, OfNoFuturesYieldsNothing) {
  int count = 0;
  for (const auto& future : as_completed(std::vector<Future<int>>{})) {
    static_cast<void>(future);
    ++count;
  }
  EXPECT_EQ(count, 0);
}

TEST(AsCompleted, YieldsCancelledFutures) {
  ThreadPoolExecutor executor(1);
  Gates gates(2);  // 0: the running task waits here; 1: the cancelled future came out
  const auto futures = gated_tasks(executor, gates, 1);
  const auto cancelled = executor.submit([] { return 9; });
  ASSERT_TRUE(cancelled.cancel());
  auto in_finishing_order = as_completed(std::vector<Future<int>>{futures[0], cancelled});
  std::jthread releaser([&gates] {
    gates[1]->pass_within(1s);
    gates[0]->open();
  });
  std::vector<Future<int>> seen;
  for (const auto& future : in_finishing_order) {
    seen.push_back(future);
    gates[1]->open();
  }
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_TRUE(seen[0] == cancelled) << "a cancelled future is done, and comes out first here";
}

TEST(AsCompleted, ThrowsTimeoutErrorWhenAFutureIsLate) {
  ThreadPoolExecutor executor(2);
  Gates gates(2);
  const auto futures = gated_tasks(executor, gates, 2);
  gates[0]->open();
  ASSERT_TRUE(finishes(futures[0]));
  std::vector<int> seen;
  EXPECT_THROW(
      {
        for (const auto& future : as_completed(futures, 100ms)) {
          seen.push_back(future.result());
        }
      },
      TimeoutError)
      << "future 1 never finishes: the loop must give up when the timeout passes";
  EXPECT_EQ(seen, std::vector<int>{0}) << "the future that did finish comes out before the timeout";
}

// ---------------------------------------------------------------- task 4: wait

TEST(Wait, AllCompletedReturnsOnceEveryFutureIsDone) {
  ThreadPoolExecutor executor(3);
  Gates gates(3);
  const auto futures = gated_tasks(executor, gates, 3);
  std::jthread releaser([&gates] {
    for (std::size_t i = 0; i < 3; ++i) {
      gates[i]->open();
    }
  });
  const auto [done, not_done] = wait(futures);
  EXPECT_EQ(done.size(), 3U);
  EXPECT_TRUE(not_done.empty());
  for (const auto& future : futures) {
    EXPECT_TRUE(future.done()) << "wait(ALL_COMPLETED) returned before every future was done";
  }
}

TEST(Wait, FirstCompletedReturnsAsSoonAsOneIsDone) {
  ThreadPoolExecutor executor(3);
  Gates gates(3);
  const auto futures = gated_tasks(executor, gates, 3);
  const OpenAllAfter safety(gates, 3, testing::patience());  // a wrong wait fails, not hangs
  gates[1]->open();  // gates 0 and 2 stay closed (until the safety opens them)
  const auto [done, not_done] = wait(futures, std::nullopt, ReturnWhen::kFirstCompleted);
  ASSERT_EQ(done.size(), 1U);
  EXPECT_TRUE(done[0] == futures[1]);
  ASSERT_EQ(not_done.size(), 2U);
  EXPECT_TRUE(not_done[0] == futures[0] && not_done[1] == futures[2])
      << "not_done must keep the order of the list";
}

TEST(Wait, FirstCompletedCountsAFutureThatIsAlreadyDone) {
  ThreadPoolExecutor executor(2);
  Gates gates(2);
  const auto futures = gated_tasks(executor, gates, 2);
  gates[0]->open();
  ASSERT_TRUE(finishes(futures[0]));
  const auto [done, not_done] = wait(futures, 5s, ReturnWhen::kFirstCompleted);
  EXPECT_EQ(done.size(), 1U);
  EXPECT_EQ(not_done.size(), 1U);
}

TEST(Wait, TimeoutReturnsTheFuturesThatAreNotDone) {
  ThreadPoolExecutor executor(2);
  Gates gates(2);
  const auto futures = gated_tasks(executor, gates, 2);
  gates[0]->open();
  ASSERT_TRUE(finishes(futures[0]));
  const auto started = Clock::now();
  const auto [done, not_done] = wait(futures, 100ms);
  EXPECT_LT(Clock::now() - started, 2s) << "wait kept waiting long after its timeout";
  ASSERT_EQ(done.size(), 1U);
  EXPECT_TRUE(done[0] == futures[0]);
  ASSERT_EQ(not_done.size(), 1U);
  EXPECT_TRUE(not_done[0] == futures[1]);
}

TEST(Wait, ATimeoutCountsFromTheCallNotFromEachFutureThatFinishes) {
  // Eight futures finish one after another, each within the timeout of the one before, but
  // the last long after the timeout of the call. The wait must end at its timeout with most
  // of them not done. A wait that starts its timeout again whenever a future finishes waits
  // for all eight (four times as long): a timeout bounds the whole call.
  static constexpr auto kTimeout = 200ms;
  static constexpr int kTasks = 8;
  ThreadPoolExecutor executor(kTasks);
  Gates gates(kTasks);
  const auto futures = gated_tasks(executor, gates, kTasks);
  const auto started = Clock::now();
  std::jthread opener([&gates, started] {
    for (std::size_t i = 0; i < kTasks; ++i) {
      std::this_thread::sleep_until(started + static_cast<int>(i + 1) * kTimeout / 2);
      gates[i]->open();
    }
  });
  const auto [done, not_done] = wait(futures, kTimeout);
  const auto took = Clock::now() - started;
  EXPECT_FALSE(not_done.empty())
      << "every future was done: the wait went on past its timeout while futures kept "
         "finishing (is the deadline computed once, before the loop?)";
  EXPECT_LT(took, 2.5 * kTimeout) << "wait with a timeout of 200 ms returned after "
                                  << std::chrono::duration<double>(took).count() << " s";
}

TEST(Wait, OfNoFuturesReturnsAtOnce) {
  const auto [done, not_done] = wait(std::vector<Future<int>>{});
  EXPECT_TRUE(done.empty());
  EXPECT_TRUE(not_done.empty());
}

}  // namespace
}  // namespace lab05
