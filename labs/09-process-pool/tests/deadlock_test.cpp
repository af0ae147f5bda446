// Deadlock: nothing waits for ever. A worker that crashes, aborts or exits in the middle of a
// task becomes a BrokenPool in the parent, naming the inputs it held and how it died; inputs
// and results far bigger than a pipe flow both ways at once; close() then join() ends even
// while another pool lives; terminate() and the destructor stop busy workers. Every test
// checks that no worker outlived its pool. A stuck test is ended by the watchdog.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "pool_testing.hpp"
#include "process_pool.hpp"

namespace lab09 {
namespace {

using testing::NoChildLeft;
using testing::square;

std::vector<std::int64_t> iota(std::int64_t count) {
  std::vector<std::int64_t> values;
  for (std::int64_t i = 0; i < count; ++i) {
    values.push_back(i);
  }
  return values;
}

std::int64_t segfault_on_5(std::int64_t x) {
  if (x == 5) {
    std::signal(SIGSEGV, SIG_DFL);  // no handler (ThreadSanitizer installs one): just die
    std::raise(SIGSEGV);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return x;
}

std::int64_t abort_on_9(std::int64_t x) {
  if (x == 9) {
    std::abort();
  }
  return x;
}

std::int64_t exit_3_on_4(std::int64_t x) {
  if (x == 4) {
    ::_exit(3);
  }
  return x;
}

/// Runs `map` on `pool`, which must throw BrokenPool; returns it.
template <typename Map>
BrokenPool expect_broken(Map map) {
  try {
    map();
  } catch (const BrokenPool& broken) {
    return broken;
  }
  ADD_FAILURE() << "map() returned although a worker died in it";
  return BrokenPool(0, 0, 0, ExitStatus{});
}

bool says(const std::exception& error, const std::string& text) {
  return std::string(error.what()).find(text) != std::string::npos;
}

class Crash : public NoChildLeft {};

TEST_F(Crash, ASegfaultBecomesBrokenPoolNamingItsInputAndTheSignal) {
  ProcessPool pool(3);
  const BrokenPool broken = expect_broken([&] { (void)pool.map<segfault_on_5>(iota(12), 1); });
  EXPECT_EQ(broken.first_lost_index(), 5U) << broken.what();
  EXPECT_EQ(broken.lost_count(), 1U) << broken.what();
  EXPECT_EQ(broken.how(), (ExitStatus{true, SIGSEGV}));
  EXPECT_TRUE(says(broken, "input 5") && says(broken, "signal 11")) << broken.what();
  EXPECT_EQ(pool.pids(), std::vector<pid_t>{}) << "a broken pool kills and reaps its workers";
  // A broken pool stays broken, and says why.
  const BrokenPool again = expect_broken([&] { (void)pool.map<square>({1, 2}, 1); });
  EXPECT_EQ(again.first_lost_index(), 5U) << again.what();
  pool.close();
  pool.join();
}

TEST_F(Crash, AnAbortInsideAChunkNamesTheWholeChunk) {
  ProcessPool pool(2);
  const BrokenPool broken = expect_broken([&] { (void)pool.map<abort_on_9>(iota(20), 4); });
  EXPECT_EQ(broken.first_lost_index(), 8U) << broken.what();
  EXPECT_EQ(broken.lost_count(), 4U) << broken.what();
  EXPECT_EQ(broken.how(), (ExitStatus{true, SIGABRT}));
  EXPECT_TRUE(says(broken, "inputs 8 to 11")) << broken.what();
}

TEST_F(Crash, AWorkerThatExitsInTheMiddleOfATaskIsReported) {
  ProcessPool pool(4);
  const BrokenPool broken = expect_broken([&] { (void)pool.map<exit_3_on_4>(iota(30), 1); });
  EXPECT_EQ(broken.first_lost_index(), 4U) << broken.what();
  EXPECT_EQ(broken.how(), (ExitStatus{false, 3}));
  EXPECT_TRUE(says(broken, "exited with status 3")) << broken.what();
}

std::int64_t slow_square(std::int64_t x) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return x * x;
}

TEST_F(Crash, AWorkerKilledWhileIdleIsFoundByTheNextMap) {
  ProcessPool pool(3);
  EXPECT_EQ(pool.map<square>({1, 2, 3}, 1), (std::vector<std::int64_t>{1, 4, 9}));
  const pid_t victim = pool.pids().at(1);
  ::kill(victim, SIGKILL);
  testing::wait_until_dead(victim);
  // The dead worker is found when the pool hands it a chunk. The handout's loop hands every
  // idle worker one before it waits for any result, so the very next map finds it; a pool that
  // dispatches otherwise (a thread per worker, say) may finish a map on the live workers alone
  // on a busy machine, and that is no fault: its results are right. So each map must either
  // return the right results or throw, and within a few maps one must throw.
  std::vector<std::int64_t> squares;
  for (const std::int64_t x : iota(30)) {
    squares.push_back(x * x);
  }
  constexpr int kMaps = 20;
  for (int attempt = 1; attempt <= kMaps; ++attempt) {
    try {
      ASSERT_EQ(pool.map<slow_square>(iota(30), 1), squares)
          << "map " << attempt << " returned wrong results after a worker died";
    } catch (const BrokenPool& broken) {
      EXPECT_EQ(broken.how(), (ExitStatus{true, SIGKILL}));
      EXPECT_TRUE(says(broken, "worker " + std::to_string(victim))) << broken.what();
      return;
    }
  }
  ADD_FAILURE() << kMaps << " maps of 30 inputs returned, and none found the dead worker";
}

TEST_F(Crash, EveryWorkerDyingStillEndsTheMap) {
  // All four workers die, one after another or together: the first death ends the map.
  ProcessPool pool(4);
  const BrokenPool broken = expect_broken([&] {
    (void)pool.map<abort_on_9>({9, 9, 9, 9, 9, 9}, 1);
  });
  EXPECT_EQ(broken.how(), (ExitStatus{true, SIGABRT}));
}

// ---- Pipes full in both directions ----

/// 96 KiB out for 64 KiB in: results no pipe can hold.
std::string inflate(std::string text) {
  std::string out = text;
  out += text.substr(0, text.size() / 2);
  return out;
}

class FullPipes : public NoChildLeft {};

TEST_F(FullPipes, InputsAndResultsFarBeyondAPipeFlowBothWays) {
  // Chunks of 8 x 64 KiB go out while results of 8 x 96 KiB come back: a parent that writes
  // every chunk before it reads any result waits on a worker that waits on the parent.
  ProcessPool pool(2);
  std::vector<std::string> inputs;
  std::vector<std::string> expected;
  for (int i = 0; i < 48; ++i) {
    inputs.push_back(std::string(std::size_t{64} << 10U, static_cast<char>('a' + i % 26)) +
                     std::to_string(i));
    expected.push_back(inflate(inputs.back()));
  }
  EXPECT_EQ(pool.map<inflate>(inputs, 8), expected);
  EXPECT_EQ(pool.map<inflate>(inputs, 1), expected);
}

// ---- Ends ----

class Ends : public NoChildLeft {};

TEST_F(Ends, CloseThenJoinEndsEvenWhileAnotherPoolLives) {
  // The second pool's workers are forked while the first pool's pipes are open: they must not
  // keep copies of them, or the first pool's workers never see the end of their task pipes.
  ProcessPool first(2);
  ProcessPool second(2);
  EXPECT_EQ(first.map<square>({1, 2, 3}, 1), (std::vector<std::int64_t>{1, 4, 9}));
  EXPECT_EQ(second.map<square>({4, 5}, 1), (std::vector<std::int64_t>{16, 25}));
  first.close();
  first.join();
  EXPECT_EQ(first.pids(), std::vector<pid_t>{});
  EXPECT_EQ(second.map<square>({6}, 1), std::vector<std::int64_t>{36});
  second.close();
  second.join();
}

TEST_F(Ends, ACrashIsSeenEvenWhenLaterWorkersWereForkedAfterIt) {
  // Worker 0 was forked first, so every later worker could have inherited its result pipe.
  // Chunks of 20 over 20 inputs: the whole map goes to the first idle worker, worker 0.
  ProcessPool pool(4);
  const BrokenPool broken = expect_broken([&] { (void)pool.map<abort_on_9>(iota(20), 20); });
  EXPECT_EQ(broken.first_lost_index(), 0U) << broken.what();
  EXPECT_EQ(broken.lost_count(), 20U) << broken.what();
}

void sleep_an_hour() {
  std::this_thread::sleep_for(std::chrono::hours(1));
}

TEST_F(Ends, TerminateStopsWorkersBusyInTheirInitializer) {
  ProcessPool pool(3, sleep_an_hour);
  pool.terminate();
  EXPECT_EQ(pool.pids(), std::vector<pid_t>{});
  pool.join();  // after terminate(), join() has nothing left to wait for
  pool.terminate();
}

TEST_F(Ends, TheDestructorStopsBusyWorkers) {
  const ProcessPool pool(3, sleep_an_hour);
  EXPECT_EQ(pool.pids().size(), 3U);
}

std::int64_t nap(std::int64_t milliseconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
  return milliseconds;
}

TEST_F(Ends, CloseLetsTheWorkersFinishTheirWorkThenJoinReapsThem) {
  ProcessPool pool(2);
  EXPECT_EQ(pool.map<nap>({5, 1, 5, 1}, 1), (std::vector<std::int64_t>{5, 1, 5, 1}));
  pool.close();
  pool.join();
  EXPECT_EQ(pool.pids(), std::vector<pid_t>{});
}

}  // namespace
}  // namespace lab09
