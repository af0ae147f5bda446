// Speedup: start_all_then_join_all runs its children side by side. Each child sleeps, so the
// overlap shows on any number of cores, one included; the yardstick is the seed's slip
// (start and join inside one loop), timed in the same run, best of two, alternating. The test
// always measures: it never skips.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "child_processes.hpp"
#include "process.hpp"
#include "processes.hpp"

namespace lab07 {
namespace {

using Clock = std::chrono::steady_clock;
using testing::NoChildLeft;

using StartAllThenJoinAll = NoChildLeft;

std::vector<std::function<int()>> sleepers(int count, std::chrono::milliseconds nap) {
  const pid_t parent = ::getpid();
  std::vector<std::function<int()>> tasks;
  for (int i = 0; i < count; ++i) {
    tasks.emplace_back([parent, nap, i] {
      testing::die_with_parent(parent);
      std::this_thread::sleep_for(nap);
      return i % 7;
    });
  }
  return tasks;
}

/// Seed 001's slip, as the yardstick: each child is joined before the next one starts.
void start_and_join_one_by_one(std::vector<std::function<int()>> tasks) {
  for (std::function<int()>& task : tasks) {
    Process process(std::move(task));
    process.start();
    process.join();
  }
}

double milliseconds_of(const std::function<void()>& work) {
  const auto start = Clock::now();
  work();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Times both ways of running `count` children that each sleep `nap`; returns one-by-one time
/// over all-then-join time, best of two each.
double overlap_ratio(int count, std::chrono::milliseconds nap) {
  double one_by_one = 1e12;
  double all_at_once = 1e12;
  for (int round = 0; round < 2; ++round) {
    one_by_one = std::min(
        one_by_one, milliseconds_of([&] { start_and_join_one_by_one(sleepers(count, nap)); }));
    all_at_once = std::min(
        all_at_once, milliseconds_of([&] {
          std::vector<Process> processes = start_all_then_join_all(sleepers(count, nap));
          for (int i = 0; i < count; ++i) {
            EXPECT_EQ(processes[static_cast<std::size_t>(i)].exitcode(), std::optional<int>(i % 7));
          }
        }));
  }
  const double ratio = one_by_one / all_at_once;
  ::testing::Test::RecordProperty("speedup", std::to_string(ratio));
  std::printf("%d children sleeping %lld ms: one by one %.0f ms, all then join %.0f ms (%.1fx)\n",
              count, static_cast<long long>(nap.count()), one_by_one, all_at_once, ratio);
  return ratio;
}

TEST_F(StartAllThenJoinAll, FiveChildrenSleepSideBySide) {
  // Seed 001's five processes. One by one: about 5 x 200 ms; side by side: about 200 ms.
  const double ratio = overlap_ratio(5, std::chrono::milliseconds(200));
  EXPECT_GE(ratio, 2.5) << "five children took " << ratio
                        << "x less time than one by one, where 5x is the ideal: are they "
                           "joined inside the loop that starts them?";
}

TEST_F(StartAllThenJoinAll, TwelveChildrenSleepSideBySide) {
  // More children, shorter naps: starting them must not serialise either.
  const double ratio = overlap_ratio(12, std::chrono::milliseconds(60));
  EXPECT_GE(ratio, 3.0) << "twelve children took " << ratio
                        << "x less time than one by one, where 12x is the ideal";
}

}  // namespace
}  // namespace lab07
