#include "conclab/chrome_trace.hpp"

#include <fstream>
#include <map>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "write_text_file.hpp"

namespace conclab {
namespace {

using nlohmann::json;

/// Chrome traces group threads by an integer id per process: one per lane, in order of first use.
class LaneIds {
 public:
  int id_of(int pid, const std::string& lane) {
    const auto [entry, is_new] = ids_.try_emplace({pid, lane}, static_cast<int>(ids_.size()) + 1);
    return entry->second;
  }
  [[nodiscard]] const std::map<std::pair<int, std::string>, int>& all() const { return ids_; }

 private:
  std::map<std::pair<int, std::string>, int> ids_;
};

json metadata_event(const char* name, int pid, int tid, const std::string& value) {
  return {{"name", name}, {"ph", "M"}, {"pid", pid}, {"tid", tid}, {"args", {{"name", value}}}};
}

}  // namespace

std::string to_chrome_trace(const std::vector<TimelineSpan>& spans) {
  json events = json::array();
  LaneIds lanes;
  std::map<int, bool> processes;
  for (const TimelineSpan& span : spans) {
    events.push_back({{"name", span.name},
                      {"cat", "task"},
                      {"ph", "X"},
                      {"ts", span.begin_us},
                      {"dur", span.end_us - span.begin_us},
                      {"pid", span.pid},
                      {"tid", lanes.id_of(span.pid, span.lane)},
                      {"args", {{"lane", span.lane}, {"os_tid", span.tid}}}});
    processes[span.pid] = true;
  }
  for (const auto& [pid, unused] : processes) {
    events.push_back(metadata_event("process_name", pid, 0, "process " + std::to_string(pid)));
  }
  for (const auto& [key, tid] : lanes.all()) {
    events.push_back(metadata_event("thread_name", key.first, tid, key.second));
  }
  return json{{"traceEvents", events}, {"displayTimeUnit", "ms"}}.dump(1);
}

void write_chrome_trace(const Timeline& timeline, const std::filesystem::path& path) {
  detail::write_text_file(path, to_chrome_trace(timeline.spans()));
}

std::vector<TimelineSpan> read_chrome_trace(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("cannot read the timeline " + path.string());
  }
  const json trace = json::parse(in, nullptr, false);
  if (trace.is_discarded() || !trace.contains("traceEvents")) {
    throw std::runtime_error(path.string() + " is not a Chrome trace written by conclab");
  }
  std::vector<TimelineSpan> spans;
  for (const json& event : trace.at("traceEvents")) {
    if (event.value("ph", "") != "X") {
      continue;
    }
    const double begin = event.value("ts", 0.0);
    const json args = event.value("args", json::object());
    spans.push_back({.name = event.value("name", ""),
                     .lane = args.value("lane", ""),
                     .pid = event.value("pid", 0),
                     .tid = args.value("os_tid", 0L),
                     .begin_us = begin,
                     .end_us = begin + event.value("dur", 0.0)});
  }
  return spans;
}

}  // namespace conclab
