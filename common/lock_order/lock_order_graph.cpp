#include "lock_order_graph.hpp"

#include "conclab/lock_order.hpp"

#include <algorithm>
#include <deque>

namespace conclab::lock_order_detail {
namespace {

RecordedAcquisition recorded(const HeldLock& lock) {
  return {*lock.name, lock.site};
}

}  // namespace

LockOrderGraph& LockOrderGraph::instance() {
  // Never destroyed: a CheckedMutex with static storage may be destroyed after any static.
  static auto* const graph = new LockOrderGraph();  // NOLINT(*-avoid-non-const-global-variables)
  return *graph;
}

std::vector<LockOrderCycle> LockOrderGraph::record(std::span<const HeldLock> held,
                                                   const HeldLock& taken, int thread) {
  std::vector<LockOrderCycle> cycles;
  const std::scoped_lock lock(mutex_);
  for (const HeldLock& before : held) {
    Node& from = nodes_[before.mutex];
    if (from.edges_out.contains(taken.mutex)) {
      continue;  // known: reported, if it closed a cycle, when it was new
    }
    // A path back from `taken` to `before` plus the new edge is a cycle.
    const std::vector<std::uint64_t> back = path(taken.mutex, before.mutex);
    const GraphEdge& edge =
        from.edges_out.emplace(taken.mutex, GraphEdge{recorded(before), recorded(taken), thread})
            .first->second;
    nodes_[taken.mutex].edges_in.insert(before.mutex);
    if (!back.empty()) {
      cycles.push_back(cycle(edge, back));
    }
  }
  return cycles;
}

void LockOrderGraph::forget(std::uint64_t id) {
  const std::scoped_lock lock(mutex_);
  const auto node = nodes_.find(id);
  if (node == nodes_.end()) {
    return;
  }
  for (const auto& [to, edge] : node->second.edges_out) {
    nodes_[to].edges_in.erase(id);
  }
  for (const std::uint64_t from : node->second.edges_in) {
    nodes_[from].edges_out.erase(id);
  }
  nodes_.erase(node);
}

std::size_t LockOrderGraph::edge_count() {
  const std::scoped_lock lock(mutex_);
  std::size_t edges = 0;
  for (const auto& [id, node] : nodes_) {
    edges += node.edges_out.size();
  }
  return edges;
}

std::vector<std::uint64_t> LockOrderGraph::path(std::uint64_t from, std::uint64_t to) const {
  // Breadth first, so the report names the fewest mutexes: O(nodes + edges).
  std::unordered_map<std::uint64_t, std::uint64_t> reached_from{{from, from}};
  std::deque<std::uint64_t> frontier{from};
  while (!frontier.empty() && !reached_from.contains(to)) {
    const std::uint64_t current = frontier.front();
    frontier.pop_front();
    const auto node = nodes_.find(current);
    if (node == nodes_.end()) {
      continue;
    }
    for (const auto& [next, edge] : node->second.edges_out) {
      if (reached_from.emplace(next, current).second) {
        frontier.push_back(next);
      }
    }
  }
  if (!reached_from.contains(to)) {
    return {};
  }
  std::vector<std::uint64_t> mutexes{to};
  while (mutexes.back() != from) {
    mutexes.push_back(reached_from.at(mutexes.back()));
  }
  std::reverse(mutexes.begin(), mutexes.end());
  return mutexes;
}

LockOrderCycle LockOrderGraph::cycle(const GraphEdge& closing,
                                     const std::vector<std::uint64_t>& back) const {
  LockOrderCycle edges{closing};
  for (std::size_t i = 0; i + 1 < back.size(); ++i) {
    edges.push_back(nodes_.at(back[i]).edges_out.at(back[i + 1]));
  }
  return edges;
}

}  // namespace conclab::lock_order_detail

namespace conclab {

std::size_t lock_order_edge_count() {
  return lock_order_detail::LockOrderGraph::instance().edge_count();
}

}  // namespace conclab
