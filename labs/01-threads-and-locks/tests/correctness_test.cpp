// Correctness: each piece does what its comment promises, with little or no contention.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "counters.hpp"
#include "hit_data.hpp"
#include "locked_printer.hpp"
#include "recording_terminal.hpp"
#include "sentence.hpp"
#include "threads.hpp"
#include "turn_taker.hpp"

namespace lab01 {
namespace {

using testing::consecutive_values;
using testing::hits_in_consecutive;
using testing::RecordingTerminal;

// The RunThreads tests keep what the threads touch in shared_ptrs that the threads co-own:
// a run_threads that returns before its threads finish (say, one that detaches them) then
// fails these tests cleanly instead of letting late threads write to freed memory.

TEST(RunThreads, CallsTheBodyOnceForEveryIndex) {
  constexpr std::size_t kThreads = 16;
  auto calls = std::make_shared<std::vector<std::atomic<int>>>(kThreads);
  run_threads(kThreads, [calls](std::size_t index) { calls->at(index) += 1; });
  for (std::size_t index = 0; index < kThreads; ++index) {
    EXPECT_EQ((*calls)[index].load(), 1) << "body(" << index << ") ran this many times";
  }
}

TEST(RunThreads, RunsTheBodyOnOtherThreads) {
  struct Seen {
    std::mutex mutex;
    std::set<std::thread::id> ids;
  };
  auto seen = std::make_shared<Seen>();
  run_threads(4, [seen](std::size_t) {
    const std::scoped_lock lock(seen->mutex);
    seen->ids.insert(std::this_thread::get_id());
  });
  const std::scoped_lock lock(seen->mutex);
  EXPECT_FALSE(seen->ids.empty())
      << "the body never ran (or had not run when run_threads returned)";
  EXPECT_EQ(seen->ids.count(std::this_thread::get_id()), 0U)
      << "the body ran on the calling thread; it must run on threads of its own";
}

TEST(RunThreads, ReturnsOnlyWhenEveryThreadHasFinished) {
  constexpr std::size_t kThreads = 6;
  auto finished = std::make_shared<std::vector<std::atomic<bool>>>(kThreads);
  run_threads(kThreads, [finished](std::size_t index) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    finished->at(index) = true;
  });
  for (std::size_t index = 0; index < kThreads; ++index) {
    EXPECT_TRUE((*finished)[index].load())
        << "thread " << index << " was still running when run_threads returned";
  }
}

TEST(RunThreads, ZeroThreadsRunNothing) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  run_threads(0, [calls](std::size_t) { ++*calls; });
  EXPECT_EQ(calls->load(), 0);
}

TEST(LockedPrinter, PrintsTheWordAndOneSpace) {
  RecordingTerminal terminal;
  LockedPrinter printer(terminal);
  printer.print("hello");
  printer.print("world");
  EXPECT_EQ(terminal.text(), "hello world ");
}

TEST(TurnTaker, OnePartyAlwaysHasTheTurn) {
  TurnTaker turns(1);
  for (int round = 0; round < 3; ++round) {
    turns.wait_for_turn(0);
    turns.end_turn(0);
  }
  SUCCEED();
}

TEST(OrderedSentence, ComesOutInTheSentencesOrder) {
  const std::vector<std::string> words = {"every", "thread", "prints", "one", "word", "and",
                                          "the",   "lock",   "keeps",  "it",  "whole"};
  RecordingTerminal terminal;
  print_sentence_in_order(words, terminal);
  EXPECT_EQ(terminal.text(), "every thread prints one word and the lock keeps it whole ");
}

TEST(Counters, MutexCountsEveryHit) {
  const auto values = consecutive_values(10'000);
  EXPECT_EQ(count_hits_with_mutex(values, 1), hits_in_consecutive(10'000)) << "1 thread";
  EXPECT_EQ(count_hits_with_mutex(values, 3), hits_in_consecutive(10'000)) << "3 threads";
}

TEST(Counters, AtomicCountsEveryHit) {
  const auto values = consecutive_values(10'000);
  EXPECT_EQ(count_hits_with_atomic(values, 1), hits_in_consecutive(10'000)) << "1 thread";
  EXPECT_EQ(count_hits_with_atomic(values, 3), hits_in_consecutive(10'000)) << "3 threads";
}

TEST(Counters, PartialsCountEveryHit) {
  const auto values = consecutive_values(10'000);
  EXPECT_EQ(count_hits_with_partials(values, 1), hits_in_consecutive(10'000)) << "1 thread";
  EXPECT_EQ(count_hits_with_partials(values, 3), hits_in_consecutive(10'000)) << "3 threads";
}

TEST(Counters, MoreThreadsThanValuesStillCountEachHitOnce) {
  const std::vector<int> values = {3, 4, 6};
  EXPECT_EQ(count_hits_with_mutex(values, 8), 2);
  EXPECT_EQ(count_hits_with_atomic(values, 8), 2);
  EXPECT_EQ(count_hits_with_partials(values, 8), 2);
}

}  // namespace
}  // namespace lab01
