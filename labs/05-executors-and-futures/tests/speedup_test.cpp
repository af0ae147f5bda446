// Speedup: more workers finish sooner. Seed 002's power_calc table (tasks that wait, as I/O
// does, so its shape holds on one core too) and a CPU-bound map (which needs cores). Every
// figure is a ratio measured in this one run; clock checks are skipped under a sanitizer.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "conclab/cores.hpp"
#include "conclab/testing/speedup_assertions.hpp"
#include "power_calc.hpp"
#include "thread_pool_executor.hpp"

namespace lab05 {
namespace {

using namespace std::chrono_literals;
using Millis = std::chrono::duration<double, std::milli>;

/// One time unit of power_calc: the seed's half second, shrunk.
constexpr std::chrono::microseconds kUnit = 8ms;

/// The squares of kPowerCalcValues, in order.
std::vector<int> expected_squares() {
  std::vector<int> squares;
  for (const int x : kPowerCalcValues) {
    squares.push_back(x * x);
  }
  return squares;
}

/// Runs power_calc over kPowerCalcValues on `workers` workers, as seed 002 does (submit each,
/// then collect the results in order); returns the wall time, making and shutting down the
/// executor included. Fails the test if a result is wrong.
Millis time_power_calc(std::size_t workers) {
  const auto start = Clock::now();
  std::vector<int> results;
  {
    ThreadPoolExecutor executor(workers);
    std::vector<Future<int>> futures;
    for (const int x : kPowerCalcValues) {
      futures.push_back(executor.submit(power_calc, x, kUnit));
    }
    for (const auto& future : futures) {
      results.push_back(future.result());
    }
  }
  const Millis took = Clock::now() - start;
  EXPECT_EQ(results, expected_squares()) << "with " << workers << " workers";
  return took;
}

/// The table, best of the rounds so far: best[i] is the time with kPowerCalcWorkers[i].
struct PowerCalcTable {
  std::vector<Millis> best = std::vector<Millis>(kPowerCalcWorkers.size(), Millis(1e12));

  void run_round() {
    for (std::size_t i = 0; i < kPowerCalcWorkers.size(); ++i) {
      best[i] = std::min(best[i], time_power_calc(kPowerCalcWorkers[i]));
    }
  }

  /// Empty if the table has the expected shape; otherwise what is wrong with it.
  [[nodiscard]] std::string shape_problem() const {
    const Millis longest =
        *std::max_element(kPowerCalcValues.begin(), kPowerCalcValues.end()) * Millis(kUnit);
    std::ostringstream problem;
    for (std::size_t i = 1; i < best.size(); ++i) {
      // More workers must never be slower (10% and 5 ms of noise allowed).
      if (best[i] > best[i - 1] * 1.10 + Millis(5)) {
        problem << kPowerCalcWorkers[i] << " workers were slower than " << kPowerCalcWorkers[i - 1]
                << ". ";
      }
    }
    if (best.front() < best.back() * 3.5) {
      problem << "1 worker should take about 5 times as long as 10 (52 time units against 10), "
                 "but took only "
              << best.front() / best.back() << " times as long: do the workers run at once? ";
    }
    if (best.back() > longest * 1.3 + Millis(10)) {
      problem << "with a worker per task, all of them should take about as long as the longest "
                 "one ("
              << longest.count() << " ms). ";
    }
    return problem.str();
  }

  [[nodiscard]] std::string describe() const {
    std::ostringstream text;
    text << "power_calc over {";
    for (std::size_t i = 0; i < kPowerCalcValues.size(); ++i) {
      text << (i == 0 ? "" : ", ") << kPowerCalcValues[i];
    }
    text << "} x " << Millis(kUnit).count() << " ms (best of the rounds):";
    for (std::size_t i = 0; i < best.size(); ++i) {
      text << "\n  " << kPowerCalcWorkers[i] << " workers: " << best[i].count() << " ms (ideal "
           << power_calc_units(kPowerCalcValues, kPowerCalcWorkers[i]) * Millis(kUnit).count()
           << " ms)";
    }
    return text.str();
  }
};

TEST(PowerCalc, TimeFallsWithWorkersUntilTheLongestTaskBoundsIt) {
  PowerCalcTable table;
  table.run_round();  // checks the results too
  if (::testing::Test::HasFailure()) {
    return;
  }
#ifdef CONCLAB_UNDER_SANITIZER
  GTEST_SKIP() << "the results are right; the times mean nothing under a sanitizer";
#else
  // Best of up to five rounds: a round slowed by the machine is outvoted by later ones, while
  // a pool that runs tasks one at a time never gets the shape right.
  for (int round = 1; round < 5 && !table.shape_problem().empty(); ++round) {
    table.run_round();
  }
  RecordProperty("power_calc_table", table.describe());
  EXPECT_EQ(table.shape_problem(), "") << table.describe();
  std::cout << table.describe() << "\n";
#endif
}

/// A deliberately slow computation: seed 004's sum of squares below `n`, which no compiler
/// turns into a formula because of the modulus.
std::int64_t sum_of_squares(std::int64_t n) {
  std::int64_t sum = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    sum = (sum + i * i) % 1'000'000'007;
  }
  return sum;
}

TEST(Map, CpuBoundWorkSpeedsUpWithWorkers) {
  const std::vector<std::int64_t> numbers(16, 1'000'000);
  const unsigned workers = std::max(2U, std::min(conclab::available_cores(), 4U));
  std::vector<std::int64_t> one_worker;
  std::vector<std::int64_t> many_workers;
  const auto map_with = [&numbers](std::size_t count) {
    ThreadPoolExecutor executor(count);
    return executor.map(sum_of_squares, numbers);
  };
  // The answer comes first: a fast wrong answer is not a speedup.
  ASSERT_EQ(map_with(workers), map_with(1));
  CONCLAB_EXPECT_SPEEDUP([&] { one_worker = map_with(1); },
                         [&] { many_workers = map_with(workers); }, workers, 0.65);
}

}  // namespace
}  // namespace lab05
