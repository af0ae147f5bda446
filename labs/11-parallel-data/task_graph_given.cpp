// GIVEN (not your task): building a graph, and how a task's state prints.
#include "task_graph.hpp"

#include <utility>

namespace lab11 {

void TaskGraph::add(const std::string& key, std::vector<std::string> dependencies,
                    TaskFunction function) {
  const auto [where, added] = tasks_.try_emplace(key);
  if (!added) {
    throw GraphError("task '" + key + "' is already in the graph");
  }
  where->second = Task{std::move(dependencies), std::move(function)};
}

std::ostream& operator<<(std::ostream& out, TaskState state) {
  switch (state) {
    case TaskState::kDone:
      return out << "done";
    case TaskState::kFailed:
      return out << "failed";
    case TaskState::kDependencyFailed:
      return out << "dependency failed";
  }
  return out << "TaskState(" << static_cast<int>(state) << ")";
}

}  // namespace lab11
