#include "task_graph.hpp"

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace lab11 {

namespace {

/// One needed task, as one compute() sees it.
struct Node {
  const TaskGraph::Task* task = nullptr;
  std::string key;
  std::vector<std::size_t> inputs;      ///< Nodes whose results it takes, in order.
  std::vector<std::size_t> dependents;  ///< Nodes that take its result.
  std::size_t waiting_for = 0;          ///< Inputs not done yet.
  bool settled = false;                 ///< Done, failed or given up on.
  TaskResult result;
};

/// The state of one compute() call: shared with the jobs it submits, which may still hold it
/// for a moment after compute() has returned.
struct Run {
  std::vector<Node> nodes;
  std::mutex mutex;
  std::condition_variable all_settled;
  std::size_t unsettled = 0;
};

/// The needed tasks, dependencies first (each after all its inputs), found by a depth-first
/// walk with an explicit stack (a deep chain must not overflow the call stack). Throws
/// GraphError for an unknown key, a missing dependency or a cycle, before anything runs.
std::vector<Node> plan(const TaskGraph& graph, const std::vector<std::string>& keys) {
  enum class Mark { kNew, kOnPath, kDone };
  std::unordered_map<std::string, Mark> marks;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<Node> order;
  for (const std::string& root : keys) {
    if (!graph.contains(root)) {
      throw GraphError("unknown key '" + root + "': no task has it");
    }
    // Each frame: a key on the current path and how many of its dependencies were visited.
    std::vector<std::pair<std::string, std::size_t>> path;
    if (marks[root] == Mark::kNew) {
      marks[root] = Mark::kOnPath;
      path.emplace_back(root, 0);
    }
    while (!path.empty()) {
      auto& [key, next] = path.back();
      const TaskGraph::Task& task = graph.tasks().at(key);
      if (next < task.dependencies.size()) {
        const std::string& dependency = task.dependencies[next++];
        if (!graph.contains(dependency)) {
          throw GraphError("task '" + key + "' depends on '" + dependency +
                           "', which is not in the graph");
        }
        Mark& mark = marks[dependency];
        if (mark == Mark::kOnPath) {
          std::string cycle;
          bool in_cycle = false;
          for (const auto& frame : path) {
            in_cycle = in_cycle || frame.first == dependency;
            if (in_cycle) {
              cycle += "'" + frame.first + "' -> ";
            }
          }
          throw GraphError("cycle: " + cycle + "'" + dependency + "'");
        }
        if (mark == Mark::kNew) {
          mark = Mark::kOnPath;
          path.emplace_back(dependency, 0);
        }
        continue;
      }
      // Every dependency is placed: this task goes after them.
      marks[key] = Mark::kDone;
      Node node;
      node.task = &task;
      node.key = key;
      for (const std::string& dependency : task.dependencies) {
        node.inputs.push_back(index.at(dependency));
      }
      index.emplace(key, order.size());
      order.push_back(std::move(node));
      path.pop_back();
    }
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i].waiting_for = order[i].inputs.size();
    for (const std::size_t input : order[i].inputs) {
      order[input].dependents.push_back(i);
    }
  }
  return order;
}

/// Gives up, under the run's lock, on everything that depends on `failed`: it cannot run.
void fail_dependents(Run& run, std::size_t failed, const TaskResult& cause) {
  std::vector<std::size_t> pending = run.nodes[failed].dependents;
  while (!pending.empty()) {
    Node& node = run.nodes[pending.back()];
    pending.pop_back();
    if (node.settled) {
      continue;
    }
    node.settled = true;
    node.result.state = TaskState::kDependencyFailed;
    node.result.failed_key = cause.failed_key;
    node.result.error = cause.error;
    --run.unsettled;
    pending.insert(pending.end(), node.dependents.begin(), node.dependents.end());
  }
}

void submit(const std::shared_ptr<Run>& run, std::size_t index, ThreadPool& pool);

/// Runs node `index` (all its inputs are done), records its result and submits what became
/// ready.
void run_node(const std::shared_ptr<Run>& run, std::size_t index, ThreadPool& pool) {
  Node& node = run->nodes[index];
  // The inputs are settled and never change again; their writes happened before this job was
  // submitted (under the run's lock), so they are read here without it.
  std::vector<std::any> inputs;
  inputs.reserve(node.inputs.size());
  for (const std::size_t input : node.inputs) {
    inputs.push_back(run->nodes[input].result.value);
  }
  TaskResult result;
  try {
    result.value = node.task->function(inputs);  // outside any lock: tasks run at once
  } catch (const std::exception& error) {
    result = {TaskState::kFailed, {}, node.key, error.what()};
  } catch (...) {
    result = {TaskState::kFailed, {}, node.key, "an exception that is not a std::exception"};
  }

  std::vector<std::size_t> ready;
  {
    const std::scoped_lock lock(run->mutex);
    node.result = std::move(result);
    node.settled = true;
    --run->unsettled;
    if (node.result.state == TaskState::kFailed) {
      fail_dependents(*run, index, node.result);
    } else {
      for (const std::size_t dependent : node.dependents) {
        Node& next = run->nodes[dependent];
        if (--next.waiting_for == 0 && !next.settled) {
          ready.push_back(dependent);
        }
      }
    }
    if (run->unsettled == 0) {
      run->all_settled.notify_all();
    }
  }
  for (const std::size_t next : ready) {
    submit(run, next, pool);
  }
}

void submit(const std::shared_ptr<Run>& run, std::size_t index, ThreadPool& pool) {
  // The job holds the run: it may still be unwinding after compute() has returned.
  pool.submit([run, index, &pool] { run_node(run, index, pool); });
}

}  // namespace

std::map<std::string, TaskResult> compute(const TaskGraph& graph,
                                          const std::vector<std::string>& keys, ThreadPool& pool) {
  auto run = std::make_shared<Run>();
  run->nodes = plan(graph, keys);  // throws before anything runs
  run->unsettled = run->nodes.size();
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < run->nodes.size(); ++i) {
    if (run->nodes[i].inputs.empty()) {
      roots.push_back(i);
    }
  }
  for (const std::size_t root : roots) {
    submit(run, root, pool);
  }

  std::unique_lock lock(run->mutex);
  run->all_settled.wait(lock, [&] { return run->unsettled == 0; });
  std::map<std::string, TaskResult> results;
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < run->nodes.size(); ++i) {
    index.emplace(run->nodes[i].key, i);
  }
  for (const std::string& key : keys) {
    results[key] = run->nodes[index.at(key)].result;
  }
  return results;
}

}  // namespace lab11
