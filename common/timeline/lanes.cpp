#include "lanes.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace conclab::detail {
namespace {

/// The earliest start of each key's spans.
template <typename Key, typename KeyOf>
std::map<Key, double> first_starts(const std::vector<TimelineSpan>& spans, KeyOf key_of) {
  std::map<Key, double> first;
  for (const TimelineSpan& span : spans) {
    const auto [entry, is_new] = first.try_emplace(key_of(span), span.begin_us);
    entry->second = std::min(entry->second, span.begin_us);
  }
  return first;
}

}  // namespace

std::vector<LaneKey> lanes_in_order(const std::vector<TimelineSpan>& spans) {
  const auto process_start =
      first_starts<int>(spans, [](const TimelineSpan& span) { return span.pid; });
  const auto lane_start = first_starts<LaneKey>(spans, [](const TimelineSpan& span) {
    return LaneKey{span.pid, span.lane};
  });
  std::vector<LaneKey> lanes;
  lanes.reserve(lane_start.size());
  for (const auto& [lane, start] : lane_start) {
    lanes.push_back(lane);
  }
  // Ties (equal starts) fall back on the process id and the name, so the order never varies.
  std::ranges::sort(lanes, {}, [&](const LaneKey& lane) {
    return std::tie(process_start.at(lane.pid), lane.pid, lane_start.at(lane), lane.name);
  });
  return lanes;
}

std::size_t process_count(const std::vector<TimelineSpan>& spans) {
  std::set<int> pids;
  for (const TimelineSpan& span : spans) {
    pids.insert(span.pid);
  }
  return pids.size();
}

}  // namespace conclab::detail
