// Race: several pools, each owned by its own thread, work at the same time; every thread gets
// exactly the results of its own inputs (different inputs per thread, texts of many sizes),
// none lost, torn or swapped, every input runs once, and every pool closes and joins. The grader
// also runs these tests under seeded chaos schedules and ThreadSanitizer (which sees the parent
// only).
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pool_testing.hpp"
#include "process_pool.hpp"

namespace lab09 {
namespace {

using testing::NoChildLeft;
using testing::tagged_text;

/// The tagged text of `n`, made in the worker: its size tells the parent nothing about n.
std::string text_of(std::int64_t n) {
  return tagged_text(n);
}

std::int64_t triple(std::int64_t n) {
  return 3 * n;
}

using ConcurrentPools = NoChildLeft;

/// What one thread of map_in_threads_with_own_pools saw: how many of its results were wrong,
/// and the error that ended it ("" when none).
struct ThreadOutcome {
  int wrong = 0;
  std::string error;
};

/// Makes one pool of `workers` per thread, then starts `threads` threads at once. In each of
/// `rounds` rounds, thread t maps Task over inputs_of(t, round), with a chunk size of its own
/// (1 + (t + round) % chunk_sizes), and counts the results that are not expected(input); then it
/// closes and joins its pool. The pools are made before the threads start: the last test below
/// forks among running threads.
template <auto Task, typename InputsOf, typename Expected>
std::vector<ThreadOutcome> map_in_threads_with_own_pools(int threads, std::size_t workers,
                                                         int rounds, int chunk_sizes,
                                                         InputsOf inputs_of, Expected expected) {
  std::vector<ThreadOutcome> outcomes(static_cast<std::size_t>(threads));
  std::vector<std::unique_ptr<ProcessPool>> pools;
  pools.reserve(outcomes.size());
  for (int t = 0; t < threads; ++t) {
    pools.push_back(std::make_unique<ProcessPool>(workers));
  }
  std::vector<std::jthread> running;
  running.reserve(outcomes.size());
  for (int t = 0; t < threads; ++t) {
    const auto at = static_cast<std::size_t>(t);
    running.emplace_back([=, &outcome = outcomes[at], &pool = *pools[at]] {
      try {
        for (int round = 0; round < rounds; ++round) {
          const std::vector<std::int64_t> inputs = inputs_of(t, round);
          const int chunksize = 1 + (t + round) % chunk_sizes;
          const auto results = pool.map<Task>(inputs, static_cast<std::size_t>(chunksize));
          for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (i >= results.size() || results[i] != expected(inputs[i])) {
              ++outcome.wrong;
            }
          }
        }
        pool.close();
        pool.join();
      } catch (const std::exception& error) {
        outcome.error = error.what();
      }
    });
  }
  running.clear();  // joins every thread
  return outcomes;
}

/// Fails the test for each thread that ended in an error or got a result not its own (`what`).
void expect_each_thread_got_its_own(const std::vector<ThreadOutcome>& outcomes,
                                    const std::string& what) {
  for (std::size_t t = 0; t < outcomes.size(); ++t) {
    EXPECT_EQ(outcomes[t].error, "") << "thread " << t;
    EXPECT_EQ(outcomes[t].wrong, 0) << "thread " << t << " got results that were not " << what;
  }
}

/// How often each value in [0, kCountedValues) was run, in memory shared with every worker
/// forked after it was made; null outside the test that counts runs.
constexpr std::size_t kCountedValues = 120;
std::atomic<int>* runs_of_value = nullptr;

/// Counts the run in the shared memory, then cubes: a task whose every run leaves a trace.
std::int64_t counted_cube(std::int64_t n) {
  if (n < 0 || static_cast<std::size_t>(n) >= kCountedValues) {
    throw std::out_of_range("counted_cube: " + std::to_string(n) + " was never an input");
  }
  runs_of_value[n].fetch_add(1);
  return n * n * n;
}

/// The counters behind runs_of_value, for as long as the object lives.
class RunCounts {
 public:
  RunCounts() {
    void* memory = ::mmap(nullptr, sizeof(std::atomic<int>) * kCountedValues,
                          PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      throw std::bad_alloc();
    }
    runs_of_value = static_cast<std::atomic<int>*>(memory);
    for (std::size_t value = 0; value < kCountedValues; ++value) {
      new (&runs_of_value[value]) std::atomic<int>(0);
    }
  }
  RunCounts(const RunCounts&) = delete;
  RunCounts& operator=(const RunCounts&) = delete;
  ~RunCounts() {
    ::munmap(runs_of_value, sizeof(std::atomic<int>) * kCountedValues);
    runs_of_value = nullptr;
  }
  [[nodiscard]] int of(std::size_t value) const { return runs_of_value[value].load(); }
};

/// Thread `thread`'s inputs in round `round`: 50 values of a window that overlaps the other
/// threads' windows, in an order of its own (seeded, so a failure replays), one of them twice.
std::vector<std::int64_t> counted_inputs(int thread, int round) {
  std::vector<std::int64_t> inputs;
  for (int i = 0; i < 50; ++i) {
    inputs.push_back((thread * 25 + i) % static_cast<int>(kCountedValues));
  }
  inputs.push_back(inputs[static_cast<std::size_t>(round * 7 % 50)]);  // a value given twice
  std::mt19937 shuffle(static_cast<std::mt19937::result_type>(thread * 1'000 + round));
  std::shuffle(inputs.begin(), inputs.end(), shuffle);
  return inputs;
}

using ExactlyOnce = NoChildLeft;

TEST_F(ExactlyOnce, EveryInputRunsOnceWhilePoolsInOtherThreadsMapToo) {
  // A chunk goes whole to one worker, once. Sending one chunk to two workers gives the same
  // results twice, so only a count of the runs (kept in shared memory by the task) shows it.
  constexpr int kThreads = 3;
  constexpr int kRounds = 4;
  const RunCounts runs;
  const auto outcomes = map_in_threads_with_own_pools<counted_cube>(
      kThreads, 3, kRounds, 3, counted_inputs, [](std::int64_t n) { return n * n * n; });
  expect_each_thread_got_its_own(outcomes, "the cubes of its own inputs");
  std::vector<int> given(kCountedValues, 0);
  for (int t = 0; t < kThreads; ++t) {
    for (int round = 0; round < kRounds; ++round) {
      for (const std::int64_t value : counted_inputs(t, round)) {
        ++given[static_cast<std::size_t>(value)];
      }
    }
  }
  std::ostringstream miscounted;
  int miscounts = 0;
  for (std::size_t value = 0; value < kCountedValues; ++value) {
    if (runs.of(value) != given[value] && ++miscounts <= 5) {
      miscounted << "\n  value " << value << " ran " << runs.of(value) << " times for "
                 << given[value] << " inputs";
    }
  }
  EXPECT_EQ(miscounts, 0) << miscounts << " values ran a different number of times than they "
                          << "were given: a chunk was sent to more than one worker, or run "
                          << "again, or skipped" << miscounted.str();
}

TEST_F(ConcurrentPools, EachThreadGetsExactlyTheResultsOfItsOwnInputs) {
  // Each thread and round has inputs of its own (a different count per thread), and a chunk
  // size of its own.
  const auto inputs_of = [](int t, int round) {
    std::vector<std::int64_t> inputs;
    const int count = 30 + 5 * t;
    inputs.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      inputs.push_back(t * 100'000 + round * 1000 + i);
    }
    return inputs;
  };
  expect_each_thread_got_its_own(
      map_in_threads_with_own_pools<text_of>(3, 2, 4, 4, inputs_of, tagged_text),
      "its own inputs'");
}

TEST_F(ConcurrentPools, PoolsMadeAndEndedInManyThreadsAtOnceEndCleanly) {
  // Pools forked while other threads' pools are open: no worker may keep another pool's pipes,
  // or that pool's join() waits for ever.
#ifdef CONCLAB_UNDER_SANITIZER
  GTEST_SKIP() << "ThreadSanitizer's allocator can hang a child forked while another thread "
                  "allocates; the plain and chaos runs check this";
#endif
  constexpr int kThreads = 4;
  std::vector<std::int64_t> sums(kThreads, 0);
  std::vector<std::string> errors(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([t, &sums, &errors] {
        try {
          for (int round = 0; round < 3; ++round) {
            ProcessPool pool(2);
            std::vector<std::int64_t> inputs;
            for (int i = 0; i < 10; ++i) {
              inputs.push_back(t * 1000 + round * 100 + i);
            }
            for (const std::int64_t value : pool.map<triple>(inputs, 3)) {
              sums[static_cast<std::size_t>(t)] += value;
            }
            pool.close();
            pool.join();
          }
        } catch (const std::exception& error) {
          errors[static_cast<std::size_t>(t)] = error.what();
        }
      });
    }
  }
  for (int t = 0; t < kThreads; ++t) {
    std::int64_t expected = 0;
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 10; ++i) {
        expected += 3 * (t * 1000 + round * 100 + i);
      }
    }
    EXPECT_EQ(errors[static_cast<std::size_t>(t)], "") << "thread " << t;
    EXPECT_EQ(sums[static_cast<std::size_t>(t)], expected) << "thread " << t;
  }
}

}  // namespace
}  // namespace lab09
