// Speedup: the group-by on one thread per core (at least 2, at most 4) against one thread,
// measured in this one run (conclab's speedup measurement: alternating, best of several
// rounds); skipped, not failed, on one core. And overlap: a wide graph's independent tasks
// run at the same time, proven by a rendezvous, not by a clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "conclab/cores.hpp"
#include "conclab/testing/speedup_assertions.hpp"
#include "lab11_testing.hpp"

namespace lab11 {
namespace {

unsigned worker_count() {
  return std::clamp(conclab::available_cores(), 2U, 4U);
}

TEST(Speedup, GroupByOnEveryCore) {
  const std::string text = generate_cases(31, 30'000);
  const unsigned workers = worker_count();
  const GroupTable expected =
      testing::reference_table(testing::reference_records(text), GroupBy::kAgeGroupAndOutcome);
  // The answer comes first: a fast wrong answer is not a speedup.
  ASSERT_EQ(group_cases(text, GroupBy::kAgeGroupAndOutcome, workers, 64 * 1024), expected);
  GroupTable table;
  CONCLAB_EXPECT_SPEEDUP(
      [&] { table = group_cases(text, GroupBy::kAgeGroupAndOutcome, 1, 64 * 1024); },
      [&] { table = group_cases(text, GroupBy::kAgeGroupAndOutcome, workers, 64 * 1024); }, workers,
      0.6);
  EXPECT_EQ(table, expected);
}

/// A meeting point for `expected` tasks: each arrives and waits for the others, up to a
/// patient limit, so that a scheduler running one task at a time fails instead of hanging.
class Rendezvous {
 public:
  explicit Rendezvous(int expected) : expected_(expected) {}

  /// Arrives and waits for the others; false if they did not all come in time (and from
  /// then on nobody waits any more).
  bool arrive_and_wait() {
    std::unique_lock lock(mutex_);
    ++arrived_;
    most_at_once_ = std::max(most_at_once_, arrived_ - left_);
    all_here_.notify_all();
    const bool met = gave_up_ || all_here_.wait_for(lock, std::chrono::seconds(3),
                                                    [&] { return arrived_ >= expected_; });
    gave_up_ = gave_up_ || !met;
    ++left_;
    return met && !gave_up_;
  }
  int most_at_once() {
    const std::scoped_lock lock(mutex_);
    return most_at_once_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_here_;
  const int expected_;
  int arrived_ = 0;
  int left_ = 0;
  int most_at_once_ = 0;
  bool gave_up_ = false;
};

// Four independent tasks on a pool of four: they can only all meet if they run at once (a
// scheduler on one thread, or one that holds a lock around each task, never gets there).
TEST(Overlap, IndependentTasksRunAtTheSameTime) {
  constexpr int kTasks = 4;
  Rendezvous rendezvous(kTasks);
  TaskGraph graph;
  std::vector<std::string> keys;
  for (int i = 0; i < kTasks; ++i) {
    keys.push_back("part " + std::to_string(i));
    graph.add(keys.back(), {}, [&](const auto&) {
      return std::any(std::int64_t{rendezvous.arrive_and_wait() ? 1 : 0});
    });
  }
  graph.add("merge", keys, [](const std::vector<std::any>& in) {
    std::int64_t met = 0;
    for (const std::any& value : in) {
      met += std::any_cast<std::int64_t>(value);
    }
    return std::any(met);
  });
  ThreadPool pool(kTasks);
  const auto results = compute(graph, {"merge"}, pool);
  EXPECT_EQ(testing::as_int(results.at("merge")), kTasks)
      << "at most " << rendezvous.most_at_once() << " of " << kTasks << " tasks ran at once";
}

}  // namespace
}  // namespace lab11
