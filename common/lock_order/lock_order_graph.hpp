// The process-wide lock-order graph: an edge H -> M for "M was taken while holding H".
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "acquisition_site.hpp"
#include "held_locks.hpp"

namespace conclab::lock_order_detail {

/// An acquisition as the graph keeps it: it outlives the thread's hold.
struct RecordedAcquisition {
  std::string mutex;     ///< The mutex's name.
  AcquisitionSite site;  ///< Where it was taken.
};

/// The first time a thread took `taken` while holding `held`.
struct GraphEdge {
  RecordedAcquisition held;   ///< The mutex held, and where it had been taken.
  RecordedAcquisition taken;  ///< The mutex taken while holding it, and where.
  int thread = 0;             ///< The thread's number.
};

/// A cycle of edges, the one that closed it first; each edge's `taken` is the next one's
/// `held`.
using LockOrderCycle = std::vector<GraphEdge>;

/// Mutexes as nodes, "taken while holding" as edges, over the whole process. Thread-safe.
class LockOrderGraph {
 public:
  /// The process's graph.
  static LockOrderGraph& instance();

  /// Records that thread `thread`, holding `held`, is about to block taking `taken`: an edge
  /// from each held mutex to `taken`. Returns the cycles that the new edges close (none when
  /// every edge was known: that costs one lookup per held mutex).
  std::vector<LockOrderCycle> record(std::span<const HeldLock> held, const HeldLock& taken,
                                     int thread);

  /// Removes mutex `id` and its edges: it has been destroyed.
  void forget(std::uint64_t id);

  /// How many edges the graph holds.
  [[nodiscard]] std::size_t edge_count();

 private:
  struct Node {
    std::unordered_map<std::uint64_t, GraphEdge> edges_out;  // by the mutex taken
    std::unordered_set<std::uint64_t> edges_in;              // the mutexes held before it
  };

  LockOrderGraph() = default;
  // Requires mutex_. The mutexes on a shortest path from `from` to `to`, both included, or
  // an empty vector when there is none.
  [[nodiscard]] std::vector<std::uint64_t> path(std::uint64_t from, std::uint64_t to) const;
  // Requires mutex_. The new edge `from` -> `to` followed by the path back from `to`.
  [[nodiscard]] LockOrderCycle cycle(const GraphEdge& closing,
                                     const std::vector<std::uint64_t>& back) const;

  std::mutex mutex_;  // a plain std::mutex: the checker must not check itself
  std::unordered_map<std::uint64_t, Node> nodes_;
};

}  // namespace conclab::lock_order_detail
