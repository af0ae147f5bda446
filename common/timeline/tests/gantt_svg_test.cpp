// The SVG Gantt chart: well-formed, a bar per span, escaped text, rows, colours and axis.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "conclab/gantt_svg.hpp"
#include "conclab/timeline.hpp"
#include "well_formed_xml.hpp"

namespace {

using namespace std::chrono_literals;
using conclab::timeline_tests::xml_error;

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

/// The fill colours of the span bars, in the order drawn.
std::vector<std::string> bar_fills(const std::string& svg) {
  static const std::regex bar(R"re(<rect class="span"[^>]* fill="([^"]+)")re");
  std::vector<std::string> fills;
  for (std::sregex_iterator match(svg.begin(), svg.end(), bar), end; match != end; ++match) {
    fills.push_back((*match)[1]);
  }
  return fills;
}

/// Records three spans on two lanes, with text that XML must escape.
void record_three_spans(conclab::Timeline& timeline) {
  const auto origin = timeline.origin();
  timeline.record("a & b", origin, origin + 5ms, "worker <1>");
  timeline.record("c", origin + 1ms, origin + 9ms, "worker 2");
  timeline.record("a & b", origin + 5ms, origin + 7ms, "worker <1>");
}

}  // namespace

TEST_CASE("the well-formedness check itself rejects broken documents") {
  CHECK_FALSE(xml_error(R"(<svg a="1"><g><title>x &amp; y</title></g></svg>)").has_value());
  CHECK(xml_error("<svg><g></svg>").has_value());
  CHECK(xml_error("<svg>a & b</svg>").has_value());
  CHECK(xml_error(R"(<svg><text x=1>a</text></svg>)").has_value());
  CHECK(xml_error("<svg/><svg/>").has_value());
}

TEST_CASE("the Gantt chart has a bar and a tooltip per span, and escapes its text") {
  conclab::Timeline timeline;
  record_three_spans(timeline);
  const std::string svg = timeline.to_svg("Two \"workers\" & <more>");
  CHECK(xml_error(svg) == std::nullopt);
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(count_of(svg, "<rect class=\"span\"") == 3);
  CHECK(count_of(svg, "<title>") == 3);
  CHECK(svg.find("Two &quot;workers&quot; &amp; &lt;more&gt;") != std::string::npos);
  CHECK(svg.find(">worker &lt;1&gt;<") != std::string::npos);  // the row label
  CHECK(svg.find(">worker 2<") != std::string::npos);
  CHECK(svg.find("a &amp; b on worker &lt;1&gt;: from 0 µs to 5 ms") != std::string::npos);
  CHECK(svg.find("a & b") == std::string::npos);
  CHECK(svg.find("3 tasks on 2 lanes, 9 ms") != std::string::npos);
}

TEST_CASE("rows follow the lanes' first starts, and colours follow the task names") {
  conclab::Timeline timeline;
  record_three_spans(timeline);
  const std::string svg = timeline.to_svg("chart");
  CHECK(svg.find(">worker &lt;1&gt;<") < svg.find(">worker 2<"));
  const auto fills = bar_fills(svg);
  REQUIRE(fills.size() == 3);
  CHECK(fills[0] == fills[1]);  // both "a & b" spans, drawn first as their row comes first
  CHECK(fills[0] != fills[2]);
  CHECK(timeline.to_svg("chart") == svg);  // the same timeline always draws the same
}

TEST_CASE("a bar shows its name when it fits, shortened when it nearly does, else only a tooltip") {
  conclab::Timeline timeline;
  const auto origin = timeline.origin();
  timeline.record("a long span with a long name", origin, origin + 1s, "lane");
  timeline.record("a short span with a long name", origin + 1s, origin + 1010ms, "lane");
  timeline.record("a middling span whose long name does not fit", origin + 1010ms, origin + 1210ms,
                  "lane");
  const std::string svg = timeline.to_svg("labels");
  CHECK(xml_error(svg) == std::nullopt);
  CHECK(svg.find(">a long span with a long name</text>") != std::string::npos);
  CHECK(count_of(svg, "a short span with a long name") == 1);  // the tooltip only
  CHECK(std::regex_search(svg, std::regex(">a middling[^<]*…</text>")));
}

TEST_CASE("the time axis counts from the first start in a unit that suits the length") {
  const auto chart_of_length = [](std::chrono::microseconds length) {
    conclab::Timeline timeline;
    const auto origin = timeline.origin();
    timeline.record("work", origin + 3s, origin + 3s + length, "lane");
    return timeline.to_svg("axis");
  };
  const std::string milliseconds = chart_of_length(9ms);
  CHECK(milliseconds.find(">0 ms<") != std::string::npos);
  CHECK(milliseconds.find(">8 ms<") != std::string::npos);
  CHECK(milliseconds.find(">3 s<") == std::string::npos);  // not from the timeline's origin
  CHECK(chart_of_length(4s).find(">3.5 s<") != std::string::npos);
  CHECK(chart_of_length(40us).find(">40 µs<") != std::string::npos);
}

TEST_CASE("a chart of an instant, and one of several processes, are still well drawn") {
  conclab::Timeline timeline;
  const auto origin = timeline.origin();
  timeline.record("instant", origin, origin, "lane");
  const std::string instant = timeline.to_svg("instant");
  CHECK(xml_error(instant) == std::nullopt);
  CHECK(count_of(instant, "<rect class=\"span\"") == 1);

  auto spans = timeline.spans();
  spans[0].pid = 4711;
  spans[0].lane = "thread 0";
  timeline.add(spans, timeline.origin());
  const std::string processes = timeline.to_svg("processes");
  CHECK(xml_error(processes) == std::nullopt);
  CHECK(processes.find(">thread 0 (pid 4711)<") != std::string::npos);
  CHECK(processes.find("in 2 processes") != std::string::npos);
}

TEST_CASE("an empty timeline gives a valid chart that says so") {
  const conclab::Timeline timeline;
  const std::string svg = timeline.to_svg("empty");
  CHECK(xml_error(svg) == std::nullopt);
  CHECK(svg.find("nothing was recorded") != std::string::npos);
  CHECK(count_of(svg, "<rect class=\"span\"") == 0);
}

TEST_CASE("an unwritable chart path is an error that names it") {
  conclab::Timeline timeline;
  record_three_spans(timeline);
  CHECK_THROWS_WITH_AS(timeline.write_svg("/nonexistent/dir/chart.svg", "chart"),
                       doctest::Contains("/nonexistent/dir/chart.svg"), std::runtime_error);
  const auto path = std::filesystem::temp_directory_path() / "conclab-timeline-test-chart.svg";
  timeline.write_svg(path, "chart");
  CHECK(std::filesystem::file_size(path) == timeline.to_svg("chart").size());
  std::filesystem::remove(path);
}
