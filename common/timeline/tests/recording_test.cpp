// The recorder: lanes, span times, concurrent recording, adding and merging.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <latch>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "conclab/timeline.hpp"
#include "conclab/watchdog.hpp"

namespace {

using namespace std::chrono_literals;

/// The spans of `timeline`, by lane.
std::map<std::string, std::vector<conclab::TimelineSpan>> spans_by_lane(
    const conclab::Timeline& timeline) {
  std::map<std::string, std::vector<conclab::TimelineSpan>> lanes;
  for (const auto& span : timeline.spans()) {
    lanes[span.lane].push_back(span);
  }
  return lanes;
}

}  // namespace

TEST_CASE("spans from several threads land in one lane per thread") {
  conclab::Timeline timeline;
  {
    std::vector<std::jthread> workers;
    workers.reserve(3);
    for (int i = 0; i < 3; ++i) {
      workers.emplace_back([&timeline, i] {
        const auto span = timeline.span("task " + std::to_string(i));
        std::this_thread::sleep_for(2ms);
      });
    }
  }
  const auto spans = timeline.spans();
  REQUIRE(spans.size() == 3);
  std::set<std::string> lanes;
  std::set<long> tids;
  for (const auto& span : spans) {
    lanes.insert(span.lane);
    tids.insert(span.tid);
    CHECK(span.begin_us >= 0);
    CHECK(span.begin_us <= span.end_us);
    CHECK(span.end_us - span.begin_us >= 2000);  // it slept 2 ms at least
    CHECK(span.pid == ::getpid());
  }
  CHECK(lanes == std::set<std::string>{"thread 0", "thread 1", "thread 2"});
  CHECK(tids.size() == 3);
  CHECK(tids.count(::gettid()) == 0);
}

TEST_CASE("a thread keeps its lane, and an explicit lane overrides it") {
  conclab::Timeline timeline;
  { const auto first = timeline.span("first"); }
  { const auto second = timeline.span("second"); }
  { const auto third = timeline.span("third", "worker 7"); }
  std::jthread([&timeline] { const auto other = timeline.span("on another thread"); }).join();
  const auto spans = timeline.spans();
  REQUIRE(spans.size() == 4);
  CHECK(spans[0].lane == "thread 0");
  CHECK(spans[1].lane == "thread 0");
  CHECK(spans[2].lane == "worker 7");
  CHECK(spans[3].lane == "thread 1");
  CHECK(spans[0].end_us <= spans[1].begin_us);
  CHECK(spans[2].tid == ::gettid());  // an explicit lane still records the real thread
}

TEST_CASE("a span is recorded when it ends, and recording does not wait for open spans") {
  // Were the lock held while a span is open, the calls below would deadlock: the watchdog
  // turns that into a report instead of a hang.
  const conclab::Watchdog watchdog(10s, "recording while a span is open");
  conclab::Timeline timeline;
  {
    const auto outer = timeline.span("outer");
    CHECK(timeline.spans().empty());
    { const auto inner = timeline.span("inner"); }
    const auto now = conclab::Timeline::Clock::now();
    timeline.record("timed elsewhere", now, now);
    CHECK(timeline.spans().size() == 2);
  }
  const auto spans = timeline.spans();
  REQUIRE(spans.size() == 3);
  CHECK(spans[0].name == "inner");
  CHECK(spans[2].name == "outer");
  CHECK(spans[2].begin_us <= spans[0].begin_us);  // the outer span encloses the inner one
  CHECK(spans[0].end_us <= spans[2].end_us);
}

TEST_CASE("many threads recording at once lose no span, and each thread's spans follow in order") {
  constexpr int kThreads = 8;
  constexpr int kSpansPerThread = 500;
  conclab::Timeline timeline;
  {
    std::latch start(kThreads);
    std::vector<std::jthread> workers;
    workers.reserve(kThreads);
    for (int i = 0; i < kThreads; ++i) {
      workers.emplace_back([&] {
        start.arrive_and_wait();
        for (int n = 0; n < kSpansPerThread; ++n) {
          const auto span = timeline.span("span " + std::to_string(n));
        }
      });
    }
  }
  const auto lanes = spans_by_lane(timeline);
  CHECK(lanes.size() == kThreads);
  for (const auto& lane : lanes) {
    const std::string& name = lane.first;  // a plain reference: clang 14 lambdas cannot capture
    const auto& spans = lane.second;       // structured bindings, which CAPTURE does
    CAPTURE(name);
    REQUIRE(spans.size() == kSpansPerThread);
    for (std::size_t n = 0; n < spans.size(); ++n) {
      CHECK(spans[n].name == "span " + std::to_string(n));
      CHECK(spans[n].begin_us <= spans[n].end_us);
      if (n > 0) {
        CHECK(spans[n - 1].end_us <= spans[n].begin_us);
      }
    }
  }
}

TEST_CASE("spans added from elsewhere move onto this timeline's origin and keep their process") {
  conclab::Timeline timeline;
  std::this_thread::sleep_for(2ms);  // so that the other origin is clearly later
  conclab::Timeline other;
  const auto shift_us =
      std::chrono::duration<double, std::micro>(other.origin() - timeline.origin()).count();
  REQUIRE(shift_us >= 2000);
  other.record("late", other.origin() + 1ms, other.origin() + 3ms, "worker 1");

  SUBCASE("merge") {
    timeline.merge(other);
  }
  SUBCASE("add, with a process id of its own") {
    auto spans = other.spans();
    spans[0].pid = 4711;
    timeline.add(spans, other.origin());
    CHECK(timeline.spans().at(0).pid == 4711);
  }
  const auto spans = timeline.spans();
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].name == "late");
  CHECK(spans[0].lane == "worker 1");
  CHECK(spans[0].begin_us == doctest::Approx(shift_us + 1000).epsilon(1e-9));
  CHECK(spans[0].end_us == doctest::Approx(shift_us + 3000).epsilon(1e-9));
  CHECK(other.spans().size() == 1);  // merging copies
}

TEST_CASE("an empty timeline has no spans") {
  const conclab::Timeline timeline;
  CHECK(timeline.spans().empty());
  CHECK(timeline.microseconds_since_origin(timeline.origin()) == 0);
}
