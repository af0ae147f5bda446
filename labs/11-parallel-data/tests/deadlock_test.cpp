// Deadlock freedom (every test under the watchdog): a failed task's dependents are settled,
// not waited for; a graph where every task fails returns; diamonds and a deep chain complete;
// a pool of one worker still finishes a wide graph; the pool is destroyed right after.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "lab11_testing.hpp"

namespace lab11 {
namespace {

using testing::as_int;
using testing::int_of;

TEST(GraphProgress, FailedRootWithALongLineOfDependentsReturns) {
  TaskGraph graph;
  graph.add("0", {}, [](const auto&) -> std::any { throw std::runtime_error("root"); });
  for (int i = 1; i < 200; ++i) {
    graph.add(std::to_string(i), {std::to_string(i - 1)},
              [](const auto&) { return std::any(std::int64_t{1}); });
  }
  ThreadPool pool(2);
  const auto results = compute(graph, {"199", "50"}, pool);
  EXPECT_EQ(results.at("199").state, TaskState::kDependencyFailed);
  EXPECT_EQ(results.at("50").failed_key, "0");
}

TEST(GraphProgress, EveryTaskFailingStillReturns) {
  TaskGraph graph;
  std::vector<std::string> keys;
  for (int i = 0; i < 50; ++i) {
    keys.push_back("t" + std::to_string(i));
    std::vector<std::string> deps;
    if (i >= 10) {
      deps = {"t" + std::to_string(i % 10), "t" + std::to_string(i - 10)};
    }
    graph.add(keys.back(), deps, [i](const auto&) -> std::any {
      throw std::runtime_error("task " + std::to_string(i));
    });
  }
  ThreadPool pool(3);
  const auto results = compute(graph, keys, pool);
  ASSERT_EQ(results.size(), keys.size());
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(results.at(keys[i]).state, TaskState::kFailed);
  }
  for (std::size_t i = 10; i < 50; ++i) {
    EXPECT_EQ(results.at(keys[i]).state, TaskState::kDependencyFailed) << keys[i];
  }
}

// A failure on one side of a diamond: the join below it has one input done and one failed.
TEST(GraphProgress, FailureOnOneSideOfADiamondSettlesTheJoin) {
  TaskGraph graph;
  graph.add("top", {}, [](const auto&) { return std::any(std::int64_t{1}); });
  graph.add("left", {"top"}, [](const auto&) -> std::any { throw std::runtime_error("left"); });
  graph.add("right", {"top"}, [](const auto& in) { return std::any(int_of(in.at(0)) + 1); });
  graph.add("join", {"left", "right"}, [](const auto&) { return std::any(std::int64_t{0}); });
  graph.add("after", {"join"}, [](const auto&) { return std::any(std::int64_t{0}); });
  ThreadPool pool(2);
  for (int round = 0; round < 20; ++round) {
    const auto results = compute(graph, {"after", "right"}, pool);
    EXPECT_EQ(results.at("after").state, TaskState::kDependencyFailed);
    EXPECT_EQ(results.at("after").failed_key, "left");
    EXPECT_EQ(as_int(results.at("right")), 2);
  }
}

TEST(GraphProgress, ManyDiamondsAndADeepChainComplete) {
  TaskGraph graph;
  constexpr int kDepth = 3000;
  graph.add("c0", {}, [](const auto&) { return std::any(std::int64_t{0}); });
  for (int i = 1; i < kDepth; ++i) {
    graph.add("c" + std::to_string(i), {"c" + std::to_string(i - 1)},
              [](const auto& in) { return std::any(int_of(in.at(0)) + 1); });
  }
  std::string below = "c" + std::to_string(kDepth - 1);
  for (int d = 0; d < 40; ++d) {
    const std::string n = std::to_string(d);
    graph.add("l" + n, {below}, [](const auto& in) { return std::any(int_of(in.at(0)) + 1); });
    graph.add("r" + n, {below}, [](const auto& in) { return std::any(int_of(in.at(0)) + 1); });
    graph.add("j" + n, {"l" + n, "r" + n},
              [](const auto& in) { return std::any(int_of(in.at(0)) + int_of(in.at(1))); });
    below = "j" + n;
  }
  ThreadPool pool(4);
  const auto results = compute(graph, {below}, pool);
  // Each diamond turns x into 2x + 2, from x = kDepth - 1 at the end of the chain.
  std::int64_t expected = kDepth - 1;
  for (int d = 0; d < 40; ++d) {
    expected = 2 * expected + 2;
  }
  ASSERT_EQ(results.at(below).state, TaskState::kDone);
  EXPECT_EQ(as_int(results.at(below)), expected);
}

TEST(GraphProgress, OneWorkerFinishesAWideGraph) {
  TaskGraph graph;
  std::vector<std::string> leaves;
  for (int i = 0; i < 100; ++i) {
    leaves.push_back(std::to_string(i));
    graph.add(leaves.back(), {}, [](const auto&) { return std::any(std::int64_t{1}); });
  }
  graph.add("all", leaves, [](const std::vector<std::any>& in) {
    return std::any(static_cast<std::int64_t>(in.size()));
  });
  ThreadPool pool(1);
  EXPECT_EQ(as_int(compute(graph, {"all"}, pool).at("all")), 100);
}

// The pool goes away right after compute() returns: nothing of the compute may still be
// queued or waiting on it.
TEST(GraphProgress, PoolDestroyedRightAfterComputeReturns) {
  TaskGraph graph;
  graph.add("a", {}, [](const auto&) -> std::any { throw std::runtime_error("a"); });
  for (int i = 0; i < 30; ++i) {
    graph.add("b" + std::to_string(i), {"a"}, [](const auto&) { return std::any(); });
    graph.add("c" + std::to_string(i), {}, [](const auto&) { return std::any(); });
  }
  for (int round = 0; round < 20; ++round) {
    ThreadPool pool(3);
    const auto results = compute(graph, {"b7", "c9", "c29"}, pool);
    EXPECT_EQ(results.at("b7").state, TaskState::kDependencyFailed);
    EXPECT_EQ(results.at("c29").state, TaskState::kDone);
  }
}

}  // namespace
}  // namespace lab11
