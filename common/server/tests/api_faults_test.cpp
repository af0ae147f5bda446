#include "conclab/api_faults.hpp"

#include <doctest/doctest.h>

#include <set>
#include <stdexcept>

#include "fault_plan.hpp"

using namespace std::chrono_literals;
using conclab::FailureKind;
using conclab::Latency;

TEST_CASE("path patterns: exact paths, and '*' for any run of characters") {
  using conclab::path_matches;
  CHECK(path_matches("/starlink", "/starlink"));
  CHECK_FALSE(path_matches("/starlink", "/starlink/abc"));
  CHECK_FALSE(path_matches("/starlink/abc", "/starlink"));
  CHECK(path_matches("/pages*", "/pages"));
  CHECK(path_matches("/pages*", "/pages/3/html"));
  CHECK_FALSE(path_matches("/pages*", "/page"));
  CHECK(path_matches("/whitelabels/*/connections", "/whitelabels/12/connections"));
  CHECK_FALSE(path_matches("/whitelabels/*/connections", "/whitelabels/12"));
  CHECK(path_matches("*", "/anything/at/all"));
  CHECK(path_matches("/a*b*c", "/axxbyyc"));
  CHECK(path_matches("/a*b*c", "/abcbc"));
  CHECK_FALSE(path_matches("/a*b*c", "/axxbyy"));
  CHECK(path_matches("", ""));
  CHECK_FALSE(path_matches("", "/"));
}

TEST_CASE("latencies read as a fixed number of milliseconds or a range") {
  CHECK(conclab::parse_latency("20") == Latency::fixed(20ms));
  CHECK(conclab::parse_latency("0") == Latency::fixed(0ms));
  CHECK(conclab::parse_latency("10..50") == Latency::uniform(10ms, 50ms));
  for (const char* bad : {"", "x", "-5", "10..", "..10", "50..10", "1.5", "10..20..30"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(conclab::parse_latency(bad), std::invalid_argument);
  }
  const conclab::PathLatency path = conclab::parse_path_latency("/pages*=5..9");
  CHECK(path.pattern == "/pages*");
  CHECK(path.latency == Latency::uniform(5ms, 9ms));
  CHECK_THROWS_AS(conclab::parse_path_latency("pages=5"), std::invalid_argument);
}

TEST_CASE("failure rules read as PATTERN=KIND[:DELAY][@N]") {
  const conclab::FailureRule every = conclab::parse_failure_rule("/starlink/abc=404");
  CHECK(every.pattern == "/starlink/abc");
  CHECK(every.kind == FailureKind::not_found);
  CHECK(every.nth == 0);

  const conclab::FailureRule seventh = conclab::parse_failure_rule("/connections*=500@7");
  CHECK(seventh.pattern == "/connections*");
  CHECK(seventh.kind == FailureKind::server_error);
  CHECK(seventh.nth == 7);

  const conclab::FailureRule slow = conclab::parse_failure_rule("/pages*=slow:1500@2");
  CHECK(slow.kind == FailureKind::slow);
  CHECK(slow.delay == 1500ms);
  CHECK(slow.nth == 2);

  CHECK(conclab::parse_failure_rule("/a=403").kind == FailureKind::forbidden);
  CHECK(conclab::parse_failure_rule("/a=reset").kind == FailureKind::reset);
  CHECK(conclab::parse_failure_rule("/a=malformed").kind == FailureKind::malformed_json);
  for (const char* bad : {"/a", "/a=", "/a=teapot", "a=404", "/a=404@0", "/a=404@x", "/a=404:10",
                          "/a=slow:", "/a=slow:x"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(conclab::parse_failure_rule(bad), std::invalid_argument);
  }
}

TEST_CASE("every failure kind's name reads back as that kind") {
  for (const FailureKind kind :
       {FailureKind::forbidden, FailureKind::not_found, FailureKind::server_error,
        FailureKind::reset, FailureKind::slow, FailureKind::malformed_json}) {
    const std::string text = "/x=" + std::string(conclab::to_string(kind));
    CHECK(conclab::parse_failure_rule(text).kind == kind);
  }
}

TEST_CASE("drawn latencies stay in range, vary, and repeat for the same seed, path and count") {
  const Latency range = Latency::uniform(10ms, 60ms);
  const conclab::server::FaultPlan plan(42, range, {}, {});
  const conclab::server::FaultPlan same(42, range, {}, {});
  const conclab::server::FaultPlan other(43, range, {}, {});
  std::set<long> seen;
  bool all_equal_to_other = true;
  for (std::uint64_t n = 1; n <= 200; ++n) {
    const auto drawn = plan.latency_for("/starlink", n);
    CHECK(drawn >= 10ms);
    CHECK(drawn <= 60ms);
    CHECK(drawn == same.latency_for("/starlink", n));
    all_equal_to_other = all_equal_to_other && drawn == other.latency_for("/starlink", n);
    seen.insert(static_cast<long>(drawn.count()));
  }
  CHECK(seen.size() > 30);
  CHECK_FALSE(all_equal_to_other);
}

TEST_CASE("the first matching path latency wins over the server-wide one") {
  conclab::server::FaultPlan plan(
      1, Latency::fixed(5ms), {{"/pages/1", Latency::fixed(7ms)}, {"/pages*", Latency::fixed(9ms)}},
      {});
  CHECK(plan.latency_for("/pages/1", 1) == 7ms);
  CHECK(plan.latency_for("/pages/2", 1) == 9ms);
  CHECK(plan.latency_for("/starlink", 1) == 5ms);
  plan.set_path_latency("/pages*", Latency::fixed(11ms));
  plan.set_latency(Latency::fixed(13ms));
  CHECK(plan.latency_for("/pages/2", 1) == 11ms);
  CHECK(plan.latency_for("/starlink", 1) == 13ms);
}

TEST_CASE("a rule with nth fires for the Nth matching request only; each rule counts its own") {
  conclab::server::FaultPlan plan(1, {}, {},
                                  {{"/connections*", FailureKind::server_error, 3, 0ms},
                                   {"/connections/9", FailureKind::not_found, 0, 0ms}});
  CHECK_FALSE(plan.failure_for("/connections/1"));
  CHECK_FALSE(plan.failure_for("/starlink"));  // matches no rule, counts for none
  CHECK_FALSE(plan.failure_for("/connections/2"));
  const auto third = plan.failure_for("/connections/3");
  REQUIRE(third);
  CHECK(third->kind == FailureKind::server_error);
  CHECK_FALSE(plan.failure_for("/connections/4"));
  // The first rule has counted 5 by now and fires no more; the second fires every time.
  for (int i = 0; i < 3; ++i) {
    const auto nine = plan.failure_for("/connections/9");
    REQUIRE(nine);
    CHECK(nine->kind == FailureKind::not_found);
  }
  plan.clear_failures();
  CHECK_FALSE(plan.failure_for("/connections/9"));
}
