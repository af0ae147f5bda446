// The lanes of a list of spans, in the order both the trace and the chart show them.
// Private to the timeline library.
#pragma once

#include <string>
#include <tuple>
#include <vector>

#include "conclab/timeline.hpp"

namespace conclab::detail {

/// A lane is named within its process: "thread 0" of two processes are two lanes.
struct LaneKey {
  int pid = 0;       ///< The process the lane belongs to.
  std::string name;  ///< The lane's name within it.

  /// Whether `span` ran on this lane.
  [[nodiscard]] bool holds(const TimelineSpan& span) const {
    return span.pid == pid && span.lane == name;
  }
  /// Ordered by process, then name (for maps; the display order is lanes_in_order()).
  bool operator<(const LaneKey& other) const {
    return std::tie(pid, name) < std::tie(other.pid, other.name);
  }
};

/// Every lane of `spans` once: processes in order of their first span's start, and within each
/// process its lanes in order of their first span's start.
std::vector<LaneKey> lanes_in_order(const std::vector<TimelineSpan>& spans);

/// How many processes `spans` ran in.
std::size_t process_count(const std::vector<TimelineSpan>& spans);

}  // namespace conclab::detail
