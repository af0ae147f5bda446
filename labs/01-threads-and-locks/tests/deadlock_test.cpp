// Deadlock: blocking code that must always finish. Each test runs under the watchdog, which
// ends a stuck test with a report of what every thread is waiting for.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "recording_terminal.hpp"
#include "sentence.hpp"
#include "threads.hpp"
#include "turn_taker.hpp"

namespace lab01 {
namespace {

TEST(RunThreadsConcurrency, AllThreadsRunAtTheSameTime) {
  // Each thread waits until all have arrived: this finishes only if run_threads starts
  // every thread before it waits for any.
  constexpr std::size_t kThreads = 8;
  std::latch all_arrived(kThreads);
  std::atomic<std::size_t> finished = 0;
  run_threads(kThreads, [&](std::size_t) {
    all_arrived.arrive_and_wait();
    ++finished;
  });
  EXPECT_EQ(finished.load(), kThreads);
}

TEST(TurnTaker, FourPartiesTakeFiveHundredTurnsEachInOrder) {
  constexpr std::size_t kParties = 4;
  constexpr int kRounds = 500;
  TurnTaker turns(kParties);
  std::mutex mutex;
  std::vector<std::size_t> order;
  run_threads(kParties, [&](std::size_t party) {
    for (int round = 0; round < kRounds; ++round) {
      turns.wait_for_turn(party);
      {
        const std::scoped_lock lock(mutex);
        order.push_back(party);
      }
      turns.end_turn(party);
    }
  });
  ASSERT_EQ(order.size(), kParties * kRounds) << "not every turn was taken";
  for (std::size_t i = 0; i < order.size(); ++i) {
    ASSERT_EQ(order[i], i % kParties) << "turn " << i << " went to the wrong party";
  }
}

TEST(TurnTaker, PartiesThatArriveInReverseOrderStillGetTheirTurns) {
  // The last party starts waiting first. A wake-up that reaches only the longest waiter
  // (notify_one) then wakes the wrong party, and the right one sleeps forever.
  constexpr std::size_t kParties = 4;
  constexpr int kRounds = 50;
  TurnTaker turns(kParties);
  std::atomic<int> turns_taken = 0;
  run_threads(kParties, [&](std::size_t party) {
    std::this_thread::sleep_for(std::chrono::milliseconds(15 * (kParties - party)));
    for (int round = 0; round < kRounds; ++round) {
      turns.wait_for_turn(party);
      ++turns_taken;
      turns.end_turn(party);
    }
  });
  EXPECT_EQ(turns_taken.load(), static_cast<int>(kParties) * kRounds);
}

TEST(OrderedSentence, FiftySentencesOfEightWordsNeverGetStuck) {
  const std::vector<std::string> words = {"one",  "two", "three", "four",
                                          "five", "six", "seven", "eight"};
  for (int sentence = 0; sentence < 50; ++sentence) {
    testing::RecordingTerminal terminal;
    print_sentence_in_order(words, terminal);
    ASSERT_EQ(terminal.text(), "one two three four five six seven eight ")
        << "sentence " << sentence;
  }
}

}  // namespace
}  // namespace lab01
