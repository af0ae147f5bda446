/// @file task_graph.hpp
/// @brief Task 4: a graph of tasks that depend on each other's results, run on a thread pool
/// (what Dask's scheduler does with a graph of delayed calls).
#pragma once

#include <any>
#include <cstddef>
#include <functional>
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "thread_pool.hpp"

namespace lab11 {

/// What a task computes from its dependencies' results (in the order its dependencies were
/// listed). It may throw: that fails the task.
using TaskFunction = std::function<std::any(const std::vector<std::any>& inputs)>;

/// A graph that cannot be run: a cycle, a missing dependency, an unknown key. The message
/// names the keys involved.
class GraphError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// How a task ended.
enum class TaskState {
  kDone,              ///< It ran and returned a value.
  kFailed,            ///< It ran and threw.
  kDependencyFailed,  ///< It did not run: a task it depends on (maybe indirectly) failed.
};

/// A task's result.
struct TaskResult {
  TaskState state = TaskState::kDone;  ///< How it ended.
  std::any value;                      ///< What it returned (kDone), else empty.
  std::string failed_key;  ///< kFailed: its own key; kDependencyFailed: the key that threw.
  std::string error;       ///< The what() of the exception that failed failed_key.
};

/// A set of named tasks, each with the keys of the tasks whose results it takes.
class TaskGraph {
 public:
  /// Adds task `key`, computed by `function` from the results of `dependencies`. The
  /// dependencies may be added later. Throws GraphError if `key` is already in the graph.
  void add(const std::string& key, std::vector<std::string> dependencies, TaskFunction function);

  /// Whether the graph has a task named `key`.
  [[nodiscard]] bool contains(const std::string& key) const { return tasks_.contains(key); }

  /// One task of the graph.
  struct Task {
    std::vector<std::string> dependencies;  ///< Keys whose results it takes, in order.
    TaskFunction function;                  ///< What it computes.
  };

  /// Every task, by key.
  [[nodiscard]] const std::map<std::string, Task>& tasks() const { return tasks_; }

 private:
  std::map<std::string, Task> tasks_;
};

/// Runs the tasks that `keys` need (they and their dependencies, transitively) on `pool`, each
/// as soon as every one of its dependencies is done, and returns the result of each key asked
/// for. Several computes of the same graph may run at once, on the same pool or not.
///
/// Before running anything, throws GraphError naming the keys if a key asked for is not in
/// the graph, a needed task depends on a key that is not, or the needed tasks hold a cycle.
/// A task that throws is kFailed; everything that depends on it is kDependencyFailed and does
/// not run; every other task runs. Returns when no needed task is running or left to run.
/// Must not be called from one of `pool`'s own jobs.
std::map<std::string, TaskResult> compute(const TaskGraph& graph,
                                          const std::vector<std::string>& keys, ThreadPool& pool);

std::ostream& operator<<(std::ostream& out, TaskState state);

}  // namespace lab11
