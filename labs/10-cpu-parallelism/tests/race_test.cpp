// Race: several callers at once, each with its own inputs (seeds, sample counts, ranges, thread
// counts, chunk sizes), so that state shared between calls or between one call's threads
// shows as a wrong answer, or as a report from ThreadSanitizer. Every answer is exact.
#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

#include "lab10_testing.hpp"

namespace lab10 {
namespace {

using testing::reference_pi;
using testing::reference_sum;
using testing::squares_below;
using testing::total_of;

TEST(PiRace, ConcurrentCallsEachGetTheirOwnAnswer) {
  struct Call {
    std::uint64_t samples;
    std::uint64_t seed;
    unsigned threads;
    PiResult expected;
  };
  std::vector<Call> calls = {{9 * kPiBlockSize + 3, 1, 3, {}},
                             {7 * kPiBlockSize + 11, 2, 2, {}},
                             {12 * kPiBlockSize, 3, 4, {}}};
  for (Call& call : calls) {
    call.expected = reference_pi(call.samples, call.seed);
  }
  std::vector<PiResult> got(calls.size() * 2);
  {
    std::vector<std::jthread> callers;
    for (std::size_t c = 0; c < calls.size(); ++c) {
      callers.emplace_back([&, c] {
        for (int round = 0; round < 2; ++round) {
          got[c * 2 + static_cast<std::size_t>(round)] =
              estimate_pi(calls[c].samples, calls[c].seed, calls[c].threads);
        }
      });
    }
  }
  for (std::size_t c = 0; c < calls.size(); ++c) {
    for (std::size_t round = 0; round < 2; ++round) {
      EXPECT_EQ(got[c * 2 + round], calls[c].expected)
          << "call " << c << " (seed " << calls[c].seed << ", " << calls[c].threads
          << " threads), round " << round;
    }
  }
}

TEST(SplitRace, OneChunkCounterManyThreads) {
  // Chunks of one term that costs almost nothing: the threads claim chunks as fast as they
  // can, so a claim that is not one indivisible step hands a chunk out twice.
  const std::uint64_t n = 60'000;
  for (int round = 0; round < 4; ++round) {
    const SplitSum split = sum_of_squares_below(n, 4, Schedule::kDynamicChunks, 1);
    ASSERT_EQ(split.chunks_per_thread.size(), 4U);
    EXPECT_EQ(total_of(split.chunks_per_thread), n) << "round " << round << ": " << split;
    EXPECT_EQ(split.sum, squares_below(n)) << "round " << round;
  }
}

TEST(SplitRace, ConcurrentCallsWithDifferentRangesAndSchedules) {
  struct Call {
    std::uint64_t begin;
    std::uint64_t end;
    TermFunction term;
    unsigned threads;
    Schedule schedule;
    std::uint64_t chunk;
    Term expected;
  };
  std::vector<Call> calls = {{0, 40'000, square_term, 3, Schedule::kDynamicChunks, 3, {}},
                             {1'000, 31'000, prime_term, 2, Schedule::kStaticSlices, 1, {}},
                             {7, 25'007, prime_term, 4, Schedule::kDynamicChunks, 17, {}},
                             {100, 50'100, square_term, 2, Schedule::kStaticSlices, 1, {}}};
  for (Call& call : calls) {
    call.expected = reference_sum(call.begin, call.end, call.term);
  }
  std::vector<SplitSum> got(calls.size());
  {
    std::vector<std::jthread> callers;
    for (std::size_t c = 0; c < calls.size(); ++c) {
      callers.emplace_back([&, c] {
        const Call& call = calls[c];
        got[c] =
            split_sum(call.begin, call.end, call.term, call.threads, call.schedule, call.chunk);
      });
    }
  }
  for (std::size_t c = 0; c < calls.size(); ++c) {
    EXPECT_EQ(got[c].sum, calls[c].expected.value) << "call " << c << ": " << got[c];
    EXPECT_EQ(total_of(got[c].cost_per_thread), calls[c].expected.cost) << "call " << c;
    EXPECT_EQ(got[c].cost_per_thread.size(), calls[c].threads) << "call " << c;
  }
}

}  // namespace
}  // namespace lab10
