// Correctness: the codec round-trips every value and refuses broken bytes; map() returns what
// the sequential map would, in input order, for every chunksize; chunks go whole to one worker;
// the initializer runs once in each worker; a task's exception names its input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "codec.hpp"
#include "pool_testing.hpp"
#include "process_pool.hpp"

namespace lab09 {
namespace {

using testing::NoChildLeft;
using testing::square;
using testing::worker_pid;

std::string bytes(std::initializer_list<unsigned> values) {
  std::string text;
  for (const unsigned value : values) {
    text += static_cast<char>(value);
  }
  return text;
}

TEST(Codec, AnIntegerIsEightBytesLeastSignificantFirst) {
  EXPECT_EQ(encode(std::int64_t{1}), bytes({1, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(encode(std::int64_t{0x0102030405060708}), bytes({8, 7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(encode(std::int64_t{-2}), bytes({0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}));
}

TEST(Codec, AStringIsItsLengthThenItsBytes) {
  EXPECT_EQ(encode(std::string("hi")), bytes({2, 0, 0, 0, 0, 0, 0, 0, 'h', 'i'}));
  EXPECT_EQ(encode(std::string()), bytes({0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(Codec, IntegersRoundTrip) {
  for (const std::int64_t value :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{255}, std::int64_t{256},
        std::int64_t{-256}, std::int64_t{1} << 40U, std::numeric_limits<std::int64_t>::min(),
        std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(decode<std::int64_t>(encode(value)), value);
  }
  EXPECT_EQ(decode<int>(encode(-123456)), -123456);
}

TEST(Codec, StringsOfAnySizeRoundTripNulBytesIncluded) {
  const std::string with_nul("a\0b\0", 4);
  for (const std::string& text :
       {std::string(), std::string("x"), with_nul, std::string(255, 'q'), std::string(256, 'r'),
        std::string(70'000, 's'), testing::tagged_text(4)}) {
    EXPECT_EQ(decode<std::string>(encode(text)), text) << "a string of " << text.size();
  }
}

TEST(Codec, FieldsReadBackInTheOrderTheyWereWritten) {
  Writer writer;
  writer.put_int(-7);
  writer.put_string("middle");
  writer.put_int(std::numeric_limits<std::int64_t>::max());
  writer.put_string(std::string(1000, 'z'));
  const std::string message = writer.take();
  EXPECT_TRUE(writer.bytes().empty());
  Reader reader(message);
  EXPECT_EQ(reader.get_int(), -7);
  EXPECT_EQ(reader.get_string(), "middle");
  EXPECT_FALSE(reader.at_end());
  EXPECT_EQ(reader.get_int(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(reader.get_string(), std::string(1000, 'z'));
  EXPECT_TRUE(reader.at_end());
  EXPECT_NO_THROW(reader.expect_end());
}

TEST(Codec, ShortCorruptOrLeftOverBytesAreACodecError) {
  EXPECT_THROW(decode<std::int64_t>("1234567"), CodecError);                      // 7 bytes
  EXPECT_THROW(decode<std::int64_t>(encode(std::int64_t{5}) + "x"), CodecError);  // left over
  std::string cut = encode(std::string("hello"));
  cut.pop_back();
  EXPECT_THROW(decode<std::string>(cut), CodecError);
  EXPECT_THROW(decode<std::string>(encode(std::int64_t{-1})), CodecError);  // negative length
  EXPECT_THROW(decode<std::string>(encode(std::numeric_limits<std::int64_t>::max())), CodecError);
  EXPECT_THROW(decode<int>(encode(std::int64_t{1} << 40U)), CodecError);  // does not fit
  Reader empty("");
  EXPECT_THROW(empty.get_int(), CodecError);
}

/// Sleeps longer for smaller inputs, so later inputs finish first.
std::int64_t slower_for_smaller(std::int64_t x) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2 * (12 - x % 12)));
  return x * 3 + 1;
}

std::vector<std::int64_t> iota(std::int64_t count, std::int64_t from = 0) {
  std::vector<std::int64_t> values;
  for (std::int64_t i = 0; i < count; ++i) {
    values.push_back(from + i);
  }
  return values;
}

class Map : public NoChildLeft {};

TEST_F(Map, ResultsComeInInputOrderWhateverOrderTheyFinishIn) {
  ProcessPool pool(4);
  const std::vector<std::int64_t> inputs = iota(24, 100);
  std::vector<std::int64_t> expected;
  for (const std::int64_t x : inputs) {
    expected.push_back(x * 3 + 1);
  }
  EXPECT_EQ(pool.map<slower_for_smaller>(inputs, 1), expected);
  EXPECT_EQ(pool.map<slower_for_smaller>(inputs, 5), expected);
}

TEST_F(Map, EveryChunksizeGivesTheSequentialResults) {
  ProcessPool pool(3);
  const std::vector<std::int64_t> inputs = iota(23, -11);
  std::vector<std::int64_t> expected;
  for (const std::int64_t x : inputs) {
    expected.push_back(square(x));
  }
  for (const std::size_t chunksize : {1U, 2U, 3U, 4U, 7U, 11U, 22U, 23U, 24U, 1000U}) {
    EXPECT_EQ(pool.map<square>(inputs, chunksize), expected) << "chunksize " << chunksize;
  }
}

std::string reversed(std::string text) {
  return {text.rbegin(), text.rend()};
}

TEST_F(Map, StringsOfEverySizeCrossBothWays) {
  ProcessPool pool(2);
  std::vector<std::string> inputs;
  std::vector<std::string> expected;
  for (std::int64_t n = 0; n < 15; ++n) {
    inputs.push_back(testing::tagged_text(n) + std::string("\0end", 4));
    expected.push_back(reversed(inputs.back()));
  }
  EXPECT_EQ(pool.map<reversed>(inputs, 2), expected);
}

TEST_F(Map, AnEmptyInputGivesAnEmptyResult) {
  ProcessPool pool(2);
  EXPECT_EQ(pool.map<square>({}, 1), std::vector<std::int64_t>{});
  EXPECT_EQ(pool.map<square>({}, 50), std::vector<std::int64_t>{});
  EXPECT_EQ(pool.map<square>({6}, 50), std::vector<std::int64_t>{36});
}

TEST_F(Map, ZeroWorkersOrAZeroChunksizeAreRefused) {
  EXPECT_THROW(ProcessPool(0), std::invalid_argument);
  ProcessPool pool(1);
  EXPECT_THROW(pool.map<square>({1, 2}, 0), std::invalid_argument);
  EXPECT_EQ(pool.map<square>({1, 2}, 1), (std::vector<std::int64_t>{1, 4}));
}

TEST_F(Map, TheWorkIsDoneInTheWorkersNotInTheParent) {
  ProcessPool pool(3);
  const std::vector<pid_t> pids = pool.pids();
  ASSERT_EQ(pids.size(), 3U);
  EXPECT_EQ(std::set<pid_t>(pids.begin(), pids.end()).size(), 3U) << "three distinct workers";
  for (const std::int64_t pid : pool.map<worker_pid>(iota(30), 1)) {
    EXPECT_NE(pid, ::getpid()) << "a task ran in the parent";
    EXPECT_NE(std::find(pids.begin(), pids.end(), pid), pids.end())
        << "a task ran in process " << pid << ", which is not one of the pool's workers";
  }
}

TEST_F(Map, AChunkGoesWholeToOneWorker) {
  ProcessPool pool(3);
  const std::vector<std::int64_t> pids = pool.map<worker_pid>(iota(20), 4);
  ASSERT_EQ(pids.size(), 20U);
  for (std::size_t i = 0; i < pids.size(); ++i) {
    EXPECT_EQ(pids[i], pids[i / 4 * 4]) << "input " << i << " left its chunk of 4";
  }
  const std::vector<std::int64_t> one_chunk = pool.map<worker_pid>(iota(9), 9);
  EXPECT_EQ(std::set<std::int64_t>(one_chunk.begin(), one_chunk.end()).size(), 1U)
      << "chunksize 9 over 9 inputs is one chunk, for one worker";
}

TEST_F(Map, ThePoolServesManyMapsWithTheSameWorkers) {
  ProcessPool pool(2);
  const std::vector<pid_t> pids = pool.pids();
  for (std::int64_t round = 0; round < 5; ++round) {
    const std::vector<std::int64_t> inputs = iota(7 + round, round * 100);
    std::vector<std::int64_t> expected;
    for (const std::int64_t x : inputs) {
      expected.push_back(square(x));
    }
    EXPECT_EQ(pool.map<square>(inputs, static_cast<std::size_t>(round + 1)), expected);
  }
  EXPECT_EQ(pool.pids(), pids);
  pool.close();
  pool.join();
  EXPECT_EQ(pool.pids(), std::vector<pid_t>{});
}

// ---- The initializer (seed 004: one session per process) ----

/// This process's "session": set by the initializer, in each worker.
int sessions_opened = 0;
pid_t session_owner = 0;

/// The worker's pid times 100 plus how many sessions it opened, or -1 when the task runs in a
/// process whose session the initializer did not open.
std::int64_t session_report(std::int64_t /*unused*/) {
  if (session_owner != ::getpid()) {
    return -1;
  }
  return std::int64_t{::getpid()} * 100 + sessions_opened;
}

class Initializer : public NoChildLeft {};

TEST_F(Initializer, RunsOnceInEachWorkerBeforeItsFirstTask) {
  const testing::SharedCounter calls;
  {
    ProcessPool pool(3, [&calls] {
      ++sessions_opened;
      session_owner = ::getpid();
      calls.add();
    });
    const std::vector<pid_t> pids = pool.pids();
    for (const std::size_t chunksize : {1U, 4U}) {
      for (const std::int64_t report : pool.map<session_report>(iota(40), chunksize)) {
        ASSERT_NE(report, -1) << "a task ran before its worker's initializer";
        EXPECT_EQ(report % 100, 1) << "worker " << report / 100 << " opened " << report % 100
                                   << " sessions: the initializer runs once per worker";
        EXPECT_NE(std::find(pids.begin(), pids.end(), report / 100), pids.end());
      }
    }
    pool.close();
    pool.join();
  }
  EXPECT_EQ(calls.get(), 3) << "three workers, three initializer calls";
  EXPECT_EQ(sessions_opened, 0) << "the initializer ran in the parent";
}

// ---- A task that throws ----

std::int64_t fails_on_multiples_of_seven(std::int64_t x) {
  if (x % 7 == 0) {
    throw std::domain_error("no multiples of seven, got " + std::to_string(x));
  }
  return x;
}

class Errors : public NoChildLeft {};

TEST_F(Errors, ATaskThatThrowsIsReportedByItsLowestInputIndex) {
  ProcessPool pool(3);
  const std::vector<std::int64_t> inputs = {1, 2, 3, 4, 5, 6, 14, 8, 9, 7, 11};
  for (const std::size_t chunksize : {1U, 3U}) {
    try {
      (void)pool.map<fails_on_multiples_of_seven>(inputs, chunksize);
      ADD_FAILURE() << "map() returned although the task threw (chunksize " << chunksize << ")";
    } catch (const TaskError& error) {
      EXPECT_EQ(error.index(), 6U) << error.what();
      EXPECT_NE(std::string(error.what()).find("no multiples of seven, got 14"), std::string::npos)
          << error.what();
    }
  }
  // The workers lived on: the pool still works, with the same workers.
  EXPECT_EQ(pool.pids().size(), 3U);
  EXPECT_EQ(pool.map<fails_on_multiples_of_seven>({1, 2, 3}, 1),
            (std::vector<std::int64_t>{1, 2, 3}));
}

class Lifecycle : public NoChildLeft {};

TEST_F(Lifecycle, NoMapAfterCloseAndNoJoinBeforeIt) {
  ProcessPool pool(2);
  EXPECT_THROW(pool.join(), std::logic_error) << "join() on a running pool";
  EXPECT_EQ(pool.map<square>({3}, 1), std::vector<std::int64_t>{9});
  pool.close();
  EXPECT_THROW((void)pool.map<square>({3}, 1), std::logic_error) << "map() after close()";
  pool.join();
  pool.close();
  pool.join();  // both safe to call again
}

}  // namespace
}  // namespace lab09
