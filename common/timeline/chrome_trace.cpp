// Spans as Chrome Trace Event JSON (the format of chrome://tracing, which Perfetto also opens),
// and back. The format:
// https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
#include "conclab/chrome_trace.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "lanes.hpp"
#include "write_text_file.hpp"

namespace conclab {
namespace {

using nlohmann::json;

/// Where the origin is kept, in "otherData": the steady clock's reading, in nanoseconds.
constexpr const char* kOriginKey = "steady_clock_origin_ns";

/// Microseconds, rounded to the nanosecond, so that the file does not show binary noise.
double to_trace_time(double microseconds) {
  return std::round(microseconds * 1000) / 1000;
}

json metadata_event(const char* name, int pid, int tid, json args) {
  return {{"name", name}, {"ph", "M"}, {"pid", pid}, {"tid", tid}, {"args", std::move(args)}};
}

/// What the trace viewer shows for a lane: its name, and the kernel thread id when one thread
/// ran all its spans ("thread 0 (tid 4242)").
std::string lane_title(const detail::LaneKey& lane, const std::vector<TimelineSpan>& spans) {
  std::set<long> tids;
  for (const TimelineSpan& span : spans) {
    if (lane.holds(span)) {
      tids.insert(span.tid);
    }
  }
  return tids.size() == 1 ? lane.name + " (tid " + std::to_string(*tids.begin()) + ")" : lane.name;
}

/// Metadata events that name each process and lane and keep them in the chart's order.
json metadata_events(const std::vector<detail::LaneKey>& lanes,
                     const std::vector<TimelineSpan>& spans) {
  json events = json::array();
  std::set<int> named_processes;
  for (std::size_t row = 0; row < lanes.size(); ++row) {
    const detail::LaneKey& lane = lanes[row];
    const int tid = static_cast<int>(row) + 1;
    if (named_processes.insert(lane.pid).second) {
      events.push_back(metadata_event("process_name", lane.pid, 0,
                                      {{"name", "process " + std::to_string(lane.pid)}}));
      events.push_back(metadata_event("process_sort_index", lane.pid, 0,
                                      {{"sort_index", named_processes.size()}}));
    }
    events.push_back(
        metadata_event("thread_name", lane.pid, tid, {{"name", lane_title(lane, spans)}}));
    events.push_back(metadata_event("thread_sort_index", lane.pid, tid, {{"sort_index", tid}}));
  }
  return events;
}

/// A complete event: the span as a bar from "ts" lasting "dur", on the lane numbered `tid`.
json complete_event(const TimelineSpan& span, int tid) {
  return {{"name", span.name},
          {"cat", "task"},
          {"ph", "X"},
          {"ts", to_trace_time(span.begin_us)},
          {"dur", to_trace_time(span.end_us - span.begin_us)},
          {"pid", span.pid},
          {"tid", tid},
          {"args", {{"lane", span.lane}, {"os_tid", span.tid}}}};
}

/// The lane names the metadata events give, by process and trace tid: for traces that do not
/// say each span's lane in its arguments, as conclab's do.
std::map<std::pair<int, long>, std::string> lane_names_of(const json& events) {
  std::map<std::pair<int, long>, std::string> names;
  for (const json& event : events) {
    if (event.value("ph", "") == "M" && event.value("name", "") == "thread_name") {
      names[{event.value("pid", 0), event.value("tid", 0L)}] =
          event.value("args", json::object()).value("name", "");
    }
  }
  return names;
}

TraceFileSpans spans_of(const json& trace) {
  TraceFileSpans read;
  const json other_data = trace.value("otherData", json::object());
  if (other_data.contains(kOriginKey)) {
    read.origin = Timeline::Clock::time_point(
        std::chrono::nanoseconds(other_data.at(kOriginKey).get<std::int64_t>()));
  }
  const json& events = trace.at("traceEvents");
  const auto lane_names = lane_names_of(events);
  for (const json& event : events) {
    if (event.value("ph", "") != "X") {
      continue;
    }
    const int pid = event.value("pid", 0);
    const long trace_tid = event.value("tid", 0L);
    const json args = event.value("args", json::object());
    const auto named = lane_names.find({pid, trace_tid});
    const std::string fallback_lane =
        named != lane_names.end() ? named->second : "thread " + std::to_string(trace_tid);
    const double begin = event.value("ts", 0.0);
    read.spans.push_back({.name = event.value("name", ""),
                          .lane = args.value("lane", fallback_lane),
                          .pid = pid,
                          .tid = args.value("os_tid", trace_tid),
                          .begin_us = begin,
                          .end_us = begin + event.value("dur", 0.0)});
  }
  return read;
}

}  // namespace

std::string to_chrome_trace(const std::vector<TimelineSpan>& spans,
                            Timeline::Clock::time_point origin) {
  const auto lanes = detail::lanes_in_order(spans);
  std::map<detail::LaneKey, int> tids;  // a lane's trace tid is its row, counted from 1
  for (std::size_t row = 0; row < lanes.size(); ++row) {
    tids.emplace(lanes[row], static_cast<int>(row) + 1);
  }
  json events = metadata_events(lanes, spans);
  for (const TimelineSpan& span : spans) {
    events.push_back(complete_event(span, tids.at({span.pid, span.lane})));
  }
  const auto origin_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(origin.time_since_epoch()).count();
  return json{{"traceEvents", std::move(events)},
              {"displayTimeUnit", "ms"},
              {"otherData", {{"producer", "conclab timeline"}, {kOriginKey, origin_ns}}}}
      .dump(1);
}

TraceFileSpans read_chrome_trace(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("cannot read the timeline " + path.string());
  }
  const json trace = json::parse(in, nullptr, false);
  if (trace.is_discarded() || !trace.is_object() || !trace.contains("traceEvents") ||
      !trace.at("traceEvents").is_array()) {
    throw std::runtime_error(path.string() + " is not a Chrome trace (no \"traceEvents\" array)");
  }
  try {
    return spans_of(trace);
  } catch (const json::exception& error) {
    throw std::runtime_error(path.string() + " has a malformed trace event: " + error.what());
  }
}

std::string Timeline::to_chrome_trace() const {
  return conclab::to_chrome_trace(spans(), origin_);
}

void Timeline::write_chrome_trace(const std::filesystem::path& path) const {
  detail::write_text_file(path, to_chrome_trace());
}

void Timeline::merge_chrome_trace(const std::filesystem::path& path) {
  TraceFileSpans read = read_chrome_trace(path);
  // A trace that does not say its origin is taken to share ours.
  add(std::move(read.spans), read.origin.value_or(origin_));
}

}  // namespace conclab
