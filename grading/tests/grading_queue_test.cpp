#include "conclab/grading/grading_queue.hpp"

#include <doctest/doctest.h>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using conclab::grading::GradingQueue;
using conclab::grading::QueuedGrading;

/// The labs of every grading in the order one worker takes them, finishing each at once.
std::vector<std::string> labs_taken(const std::vector<QueuedGrading>& gradings) {
  GradingQueue queue(gradings);
  std::vector<std::string> labs;
  while (const auto turn = queue.take()) {
    labs.push_back(gradings[turn->index].lab);
    queue.finish(*turn);
  }
  return labs;
}

}  // namespace

TEST_CASE("a lab's gradings alternate with another lab's while the other has some left") {
  const std::vector<QueuedGrading> gradings = {{"01"}, {"01"}, {"01"}, {"01"}, {"02"}, {"03"}};
  CHECK(labs_taken(gradings) == std::vector<std::string>{"01", "02", "01", "03", "01", "01"});
}

TEST_CASE("an entry's repeats wait until every entry has had its first round") {
  const std::vector<QueuedGrading> gradings = {{"01", 1}, {"01", 2}, {"01", 3}, {"01", 1}};
  GradingQueue queue(gradings);
  std::vector<std::size_t> taken;
  while (const auto turn = queue.take()) {
    taken.push_back(turn->index);
    queue.finish(*turn);
  }
  CHECK(taken == std::vector<std::size_t>{0, 3, 1, 2});
}

TEST_CASE("a worker is given a lab no other worker is grading, in that lab's first slot") {
  const std::vector<QueuedGrading> gradings = {{"01"}, {"01"}, {"01"}, {"02"}, {"02"}};
  GradingQueue queue(gradings);
  const auto first = queue.take();   // 01
  const auto second = queue.take();  // 02
  REQUIRE(first);
  REQUIRE(second);
  CHECK(gradings[first->index].lab == "01");
  CHECK(gradings[second->index].lab == "02");
  queue.finish(*second);
  // Next in line is a grading of lab 01, which the first worker still holds: lab 02 goes first.
  const auto third = queue.take();
  REQUIRE(third);
  CHECK(gradings[third->index].lab == "02");
  CHECK(first->slot == 0);
  CHECK(second->slot == 0);
  CHECK(third->slot == 0);
}

TEST_CASE("two gradings of one lab at once build in two slots, and a freed slot is used again") {
  const std::vector<QueuedGrading> gradings = {{"01"}, {"01"}, {"01"}};
  GradingQueue queue(gradings);
  const auto first = queue.take();
  const auto second = queue.take();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->slot == 0);
  CHECK(second->slot == 1);
  queue.finish(*first);
  const auto third = queue.take();
  REQUIRE(third);
  CHECK(third->slot == 0);
  CHECK_FALSE(queue.take());
}

TEST_CASE("workers side by side take every grading once, never two in one slot of a lab") {
  constexpr int kGradings = 200;
  constexpr int kWorkers = 4;
  std::vector<QueuedGrading> gradings;
  gradings.reserve(kGradings);
  for (int i = 0; i < kGradings; ++i) {
    gradings.push_back({i % 3 == 0 ? "02" : "01", 1 + i % 2});
  }
  GradingQueue queue(gradings);
  std::mutex mutex;
  std::multiset<std::size_t> taken;
  std::set<std::pair<std::string, int>> held;
  bool clash = false;  // guarded by mutex
  {
    std::vector<std::jthread> workers;
    workers.reserve(kWorkers);
    for (int worker = 0; worker < kWorkers; ++worker) {
      workers.emplace_back([&] {
        while (const auto turn = queue.take()) {
          const std::pair<std::string, int> slot(gradings[turn->index].lab, turn->slot);
          {
            const std::scoped_lock lock(mutex);
            taken.insert(turn->index);
            if (!held.insert(slot).second || turn->slot >= kWorkers) {
              clash = true;
            }
          }
          std::this_thread::yield();
          {
            const std::scoped_lock lock(mutex);
            held.erase(slot);
          }
          queue.finish(*turn);
        }
      });
    }
  }
  CHECK_FALSE(clash);
  CHECK(taken.size() == gradings.size());
  CHECK(std::set<std::size_t>(taken.begin(), taken.end()).size() == gradings.size());
}
