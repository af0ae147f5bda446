#include "processes.hpp"

#include <algorithm>
#include <utility>

namespace lab07 {

std::vector<Process> start_all_then_join_all(std::vector<std::function<int()>> tasks) {
  std::vector<Process> processes;
  processes.reserve(tasks.size());
  for (std::function<int()>& task : tasks) {
    // The task itself goes to the child, not task(): calling it here would run the work in
    // the parent (seed 001's `Process(target=spawn())` slip).
    processes.emplace_back(std::move(task));
    processes.back().start();
  }
  // Only now wait: the children have all been running side by side meanwhile.
  for (Process& process : processes) {
    process.join();
  }
  return processes;
}

bool join_all_for(std::span<Process> processes, std::chrono::milliseconds timeout) {
  // One deadline for the set: each child gets what is left of it, not a fresh `timeout`.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool all_ended = true;
  for (Process& process : processes) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    // Even with nothing left, look once (join_for(0) does not wait): a child that has already
    // ended is still reaped.
    all_ended = process.join_for(std::max(left, std::chrono::milliseconds(0))) && all_ended;
  }
  return all_ended;
}

}  // namespace lab07
