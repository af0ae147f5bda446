// The Chrome trace: its events and units, reading it back, merging other processes' traces.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "conclab/chrome_trace.hpp"
#include "conclab/timeline.hpp"

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

/// A file name in the temporary folder, unique to this process, removed when done.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("conclab-timeline-test-" + std::to_string(::getpid()) + "-" + name)) {}
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  TemporaryFile(TemporaryFile&&) = delete;
  TemporaryFile& operator=(TemporaryFile&&) = delete;
  ~TemporaryFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// The events of `trace` with "ph" `phase` (and "name" `name`, if given).
std::vector<json> events_of(const json& trace, const std::string& phase,
                            const std::string& name = {}) {
  std::vector<json> found;
  for (const json& event : trace.at("traceEvents")) {
    if (event.at("ph") == phase && (name.empty() || event.at("name") == name)) {
      found.push_back(event);
    }
  }
  return found;
}

/// The trace tid that the metadata gives the lane titled `title`, or -1.
int trace_tid_of(const json& trace, const std::string& title) {
  for (const json& event : events_of(trace, "M", "thread_name")) {
    if (event.at("args").at("name") == title) {
      return event.at("tid").get<int>();
    }
  }
  return -1;
}

}  // namespace

TEST_CASE("the Chrome trace has a complete event per span, in microseconds") {
  conclab::Timeline timeline;
  const auto origin = timeline.origin();
  timeline.record("fetch <7>", origin + 250us, origin + 1750us, "worker 1");
  const json trace = json::parse(timeline.to_chrome_trace());

  const auto complete = events_of(trace, "X");
  REQUIRE(complete.size() == 1);
  const json& event = complete[0];
  CHECK(event.at("name") == "fetch <7>");
  CHECK(event.at("cat") == "task");
  CHECK(event.at("ts").get<double>() == doctest::Approx(250.0));
  CHECK(event.at("dur").get<double>() == doctest::Approx(1500.0));
  CHECK(event.at("pid") == ::getpid());
  CHECK(event.at("args").at("lane") == "worker 1");
  CHECK(event.at("args").at("os_tid") == ::gettid());
  CHECK(trace.at("displayTimeUnit") == "ms");

  // The lane is named, with the kernel thread that ran it, and the process too.
  const std::string title = "worker 1 (tid " + std::to_string(::gettid()) + ")";
  CHECK(event.at("tid") == trace_tid_of(trace, title));
  const auto processes = events_of(trace, "M", "process_name");
  REQUIRE(processes.size() == 1);
  CHECK(processes[0].at("pid") == ::getpid());
  CHECK(processes[0].at("args").at("name") == "process " + std::to_string(::getpid()));
}

TEST_CASE("each lane has a trace tid of its own, named and sorted in order of first start") {
  conclab::Timeline timeline;
  const auto origin = timeline.origin();
  timeline.record("b", origin + 5ms, origin + 6ms, "second");
  timeline.record("a", origin + 1ms, origin + 2ms, "first");
  timeline.record("c", origin + 7ms, origin + 8ms, "first");
  const json trace = json::parse(timeline.to_chrome_trace());
  const int first = trace_tid_of(trace, "first (tid " + std::to_string(::gettid()) + ")");
  const int second = trace_tid_of(trace, "second (tid " + std::to_string(::gettid()) + ")");
  CHECK(first == 1);
  CHECK(second == 2);
  std::set<int> lanes_used;
  for (const json& event : events_of(trace, "X")) {
    lanes_used.insert(event.at("tid").get<int>());
    CHECK(event.at("tid") == (event.at("args").at("lane") == "first" ? first : second));
  }
  CHECK(lanes_used.size() == 2);
  CHECK(events_of(trace, "M", "thread_sort_index").size() == 2);
}

TEST_CASE("a trace written to a file reads back as it was recorded") {
  conclab::Timeline timeline;
  const auto origin = timeline.origin();
  timeline.record("first & \"quoted\"", origin + 1ms, origin + 4ms, "worker 2");
  { const auto span = timeline.span("second"); }
  const TemporaryFile file("round-trip.json");
  timeline.write_chrome_trace(file.path());

  const auto read = conclab::read_chrome_trace(file.path());
  REQUIRE(read.origin.has_value());
  CHECK(*read.origin == timeline.origin());
  const auto recorded = timeline.spans();
  REQUIRE(read.spans.size() == recorded.size());
  for (std::size_t i = 0; i < recorded.size(); ++i) {
    CHECK(read.spans[i].name == recorded[i].name);
    CHECK(read.spans[i].lane == recorded[i].lane);
    CHECK(read.spans[i].pid == recorded[i].pid);
    CHECK(read.spans[i].tid == recorded[i].tid);
    CHECK(read.spans[i].begin_us == doctest::Approx(recorded[i].begin_us).epsilon(1e-6));
    CHECK(read.spans[i].end_us == doctest::Approx(recorded[i].end_us).epsilon(1e-6));
  }
}

TEST_CASE("a trace written by a child process merges in as a process of its own") {
  conclab::Timeline timeline;
  { const auto before = timeline.span("before the fork"); }
  const TemporaryFile file("child.json");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child records on a timeline of its own, with its own origin, as a program would.
    try {
      conclab::Timeline child_timeline;
      std::this_thread::sleep_for(1ms);
      { const auto span = child_timeline.span("in the child"); }
      child_timeline.write_chrome_trace(file.path());
      std::_Exit(0);
    } catch (...) {
      std::_Exit(1);
    }
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  timeline.merge_chrome_trace(file.path());
  const auto spans = timeline.spans();
  REQUIRE(spans.size() == 2);
  CHECK(spans[1].name == "in the child");
  CHECK(spans[1].pid == child);
  CHECK(spans[1].tid == child);  // the child's only thread
  // One clock for all processes: the child's span, moved onto our origin, follows ours.
  CHECK(spans[1].begin_us >= spans[0].end_us + 1000);
  const json trace = json::parse(timeline.to_chrome_trace());
  CHECK(events_of(trace, "M", "process_name").size() == 2);
  const auto complete = events_of(trace, "X");
  CHECK(std::ranges::count_if(complete, [&](const json& e) { return e.at("pid") == child; }) == 1);
}

TEST_CASE("a trace of another tool reads back with lanes from its thread names") {
  const TemporaryFile file("foreign.json");
  std::ofstream(file.path()) << R"({"traceEvents": [
      {"name": "thread_name", "ph": "M", "pid": 3, "tid": 9, "args": {"name": "io"}},
      {"name": "load", "ph": "X", "ts": 10, "dur": 5, "pid": 3, "tid": 9},
      {"name": "begin", "ph": "B", "ts": 10, "pid": 3, "tid": 9},
      {"name": "save", "ph": "X", "ts": 20, "dur": 2, "pid": 3, "tid": 4}]})";
  const auto read = conclab::read_chrome_trace(file.path());
  CHECK_FALSE(read.origin.has_value());
  REQUIRE(read.spans.size() == 2);
  CHECK(read.spans[0].lane == "io");
  CHECK(read.spans[0].begin_us == 10);
  CHECK(read.spans[0].end_us == 15);
  CHECK(read.spans[1].lane == "thread 4");
  CHECK(read.spans[1].pid == 3);
}

TEST_CASE("files that cannot be written or read are errors that name them") {
  const conclab::Timeline timeline;
  CHECK_THROWS_WITH_AS(timeline.write_chrome_trace("/nonexistent/dir/trace.json"),
                       doctest::Contains("/nonexistent/dir/trace.json"), std::runtime_error);
  CHECK_THROWS_WITH_AS(conclab::read_chrome_trace("/nonexistent/trace.json"),
                       doctest::Contains("/nonexistent/trace.json"), std::runtime_error);
  conclab::Timeline merged;
  CHECK_THROWS_AS(merged.merge_chrome_trace("/nonexistent/trace.json"), std::runtime_error);

  const TemporaryFile not_a_trace("not-a-trace.json");
  std::ofstream(not_a_trace.path()) << R"({"events": []})";
  const std::string not_a_trace_name = not_a_trace.path().string();
  CHECK_THROWS_WITH_AS(conclab::read_chrome_trace(not_a_trace.path()),
                       doctest::Contains(not_a_trace_name.c_str()), std::runtime_error);
  const TemporaryFile malformed("malformed.json");
  std::ofstream(malformed.path()) << R"({"traceEvents": [{"ph": "X", "ts": "soon"}]})";
  const std::string malformed_name = malformed.path().string();
  CHECK_THROWS_WITH_AS(conclab::read_chrome_trace(malformed.path()),
                       doctest::Contains(malformed_name.c_str()), std::runtime_error);
}

TEST_CASE("an empty timeline gives a trace with no events") {
  const conclab::Timeline timeline;
  const json trace = json::parse(timeline.to_chrome_trace());
  CHECK(trace.at("traceEvents").is_array());
  CHECK(trace.at("traceEvents").empty());
}
