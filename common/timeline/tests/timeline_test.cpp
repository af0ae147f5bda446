#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "conclab/chrome_trace.hpp"
#include "conclab/gantt_svg.hpp"
#include "conclab/timeline.hpp"

namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("spans from several threads land in one lane per thread") {
  conclab::Timeline timeline;
  {
    std::vector<std::jthread> workers;
    for (int i = 0; i < 3; ++i) {
      workers.emplace_back([&timeline, i] {
        const auto span = timeline.span("task " + std::to_string(i));
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      });
    }
  }
  const auto spans = timeline.spans();
  REQUIRE(spans.size() == 3);
  std::set<std::string> lanes;
  for (const auto& span : spans) {
    lanes.insert(span.lane);
    CHECK(span.begin_us >= 0);
    CHECK(span.end_us - span.begin_us >= 2000);  // it slept 2 ms at least
    CHECK(span.pid == ::getpid());
  }
  CHECK(lanes == std::set<std::string>{"thread 0", "thread 1", "thread 2"});
}

TEST_CASE("a thread keeps its lane, and an explicit lane overrides it") {
  conclab::Timeline timeline;
  { const auto first = timeline.span("first"); }
  { const auto second = timeline.span("second"); }
  { const auto third = timeline.span("third", "worker 7"); }
  const auto spans = timeline.spans();
  REQUIRE(spans.size() == 3);
  CHECK(spans[0].lane == "thread 0");
  CHECK(spans[1].lane == "thread 0");
  CHECK(spans[2].lane == "worker 7");
  CHECK(spans[0].end_us <= spans[1].begin_us);
}

TEST_CASE("the Chrome trace has a complete event per span and names every lane") {
  conclab::Timeline timeline;
  const auto start = conclab::Timeline::Clock::now();
  timeline.record("fetch <7>", start, start + std::chrono::microseconds(1500), "worker 1");
  const auto trace = nlohmann::json::parse(conclab::to_chrome_trace(timeline.spans()));
  const auto& events = trace.at("traceEvents");
  const auto complete =
      std::ranges::find_if(events, [](const auto& event) { return event.at("ph") == "X"; });
  REQUIRE(complete != events.end());
  CHECK(complete->at("name") == "fetch <7>");
  CHECK(complete->at("dur").get<double>() == doctest::Approx(1500.0));
  CHECK(complete->at("pid") == ::getpid());
  const auto named = std::ranges::count_if(events, [](const auto& event) {
    return event.at("ph") == "M" && event.at("name") == "thread_name" &&
           event.at("args").at("name") == "worker 1";
  });
  CHECK(named == 1);
}

TEST_CASE("a trace written to a file reads back, and merges into another timeline") {
  conclab::Timeline child;
  const auto start = conclab::Timeline::Clock::now();
  child.record("child task", start, start + std::chrono::milliseconds(3), "process 42");
  const auto path = std::filesystem::temp_directory_path() /
                    ("conclab-timeline-test-" + std::to_string(::getpid()) + ".json");
  conclab::write_chrome_trace(child, path);
  conclab::Timeline parent;
  parent.add(conclab::read_chrome_trace(path));
  std::filesystem::remove(path);
  const auto spans = parent.spans();
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].name == "child task");
  CHECK(spans[0].lane == "process 42");
  CHECK(spans[0].pid == ::getpid());
  CHECK(spans[0].end_us - spans[0].begin_us == doctest::Approx(3000.0));
}

TEST_CASE("an unwritable path is an error that names it") {
  conclab::Timeline timeline;
  CHECK_THROWS_WITH_AS(conclab::write_chrome_trace(timeline, "/nonexistent/dir/trace.json"),
                       doctest::Contains("/nonexistent/dir/trace.json"), std::runtime_error);
  CHECK_THROWS_AS(conclab::read_chrome_trace("/nonexistent/trace.json"), std::runtime_error);
}

TEST_CASE("the Gantt chart has a bar per span, a row label per lane, and escaped text") {
  conclab::Timeline timeline;
  const auto start = conclab::Timeline::Clock::now();
  timeline.record("a & b", start, start + std::chrono::milliseconds(5), "worker <1>");
  timeline.record("c", start + std::chrono::milliseconds(1), start + std::chrono::milliseconds(9),
                  "worker 2");
  timeline.record("d", start + std::chrono::milliseconds(5), start + std::chrono::milliseconds(7),
                  "worker <1>");
  const std::string svg = conclab::to_gantt_svg(timeline.spans(), "Two \"workers\"");
  CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(svg.ends_with("</svg>\n"));
  CHECK(count_of(svg, "<rect x=") == 3);
  CHECK(svg.find("worker &lt;1&gt;") != std::string::npos);
  CHECK(svg.find("a &amp; b") != std::string::npos);
  CHECK(svg.find("Two &quot;workers&quot;") != std::string::npos);
  CHECK(svg.find("a & b") == std::string::npos);
  CHECK(count_of(svg, "<rect") == count_of(svg, "</rect>") + 1);  // + the background
  CHECK(svg.find(" ms<") != std::string::npos);                   // a time axis in ms
}

TEST_CASE("an empty timeline still gives a valid chart and trace") {
  const conclab::Timeline timeline;
  CHECK(conclab::to_gantt_svg(timeline.spans(), "empty").ends_with("</svg>\n"));
  CHECK(nlohmann::json::parse(conclab::to_chrome_trace({})).at("traceEvents").empty());
}
