// Speedup, two ways. Without a clock: the server holds requests until as many as the pool
// has workers are inside it at once. With a clock: the wall time of a pooled fetch against
// the ideal, ceil(requests / threads) x latency, best of several runs; skipped under a
// sanitizer. Waiting on the network needs no second core, so both hold on one core too.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api_fixtures.hpp"
#include "conclab/api_server.hpp"
#include "conclab/cores.hpp"
#include "conclab/speedup.hpp"
#include "connections.hpp"
#include "fetch_all.hpp"
#include "starlink.hpp"

namespace lab03 {
namespace {

using namespace std::chrono_literals;
using conclab::ApiServer;
using conclab::Latency;
using testing::one_good_record_per_path;
using testing::ReleaseOnExit;
using testing::satellite_record_paths;

/// How long a test waits for requests to be in flight together before it calls it a failure.
constexpr auto kOverlapWait = 5s;

TEST(FetchAllOverlap, TenWorkersHaveTenRequestsInFlightAtOnce) {
  ApiServer server;
  const auto paths = satellite_record_paths(server.datasets(), 50);
  std::vector<FetchOutcome> outcomes;
  std::atomic<bool> returned = false;  // then no more requests will come
  server.hold_requests();
  std::jthread fetch([&] {
    outcomes = fetch_all(server.base_url(), paths, 10, {.timeout = 60s});
    returned = true;
  });
  const ReleaseOnExit release(server);  // destroyed first: lets the fetch finish
  const bool overlapped = server.wait_until_in_flight(10, kOverlapWait, returned);
  server.release_requests();
  fetch.join();
  EXPECT_TRUE(overlapped) << "with 10 workers, 10 requests should have been waiting in the "
                             "server at once, but never more than "
                          << server.stats().max_in_flight
                          << " were: do the workers run one after another, or share one client?";
  EXPECT_LE(server.stats().max_in_flight, 10U) << "more requests at once than workers";
  EXPECT_TRUE(one_good_record_per_path(outcomes, paths));
}

/// Starts `fetch` on a thread of its own against `server`, whose answers to the requests it
/// fans out take 30 s; returns whether `count` of them were in flight at once. The server is
/// then destroyed, which cuts the waits short, so the fetch ends quickly either way.
template <typename Fetch>
bool fans_out_to(std::optional<ApiServer>& server, std::size_t count, const Fetch& fetch) {
  std::atomic<bool> returned = false;  // a fetch that returns sends no more requests
  std::jthread fetching([&fetch, &returned, url = server->base_url()] {
    fetch(url);
    returned = true;
  });
  const bool overlapped = server->wait_until_in_flight(count, kOverlapWait, returned);
  server.reset();
  return overlapped;
}

TEST(ConnectionsOverlap, EightThreadsSendEightRequestsAtOnce) {
  std::optional<ApiServer> server(
      std::in_place, conclab::ServerOptions{
                         .path_latencies = {{"/whitelabels/*/connections", Latency::fixed(30s)}}});
  EXPECT_TRUE(fans_out_to(server, 8,
                          [](const std::string& url) {
                            static_cast<void>(fetch_connections(url, 8, {.timeout = 60s}));
                          }))
      << "fetch_connections(url, 8) never had 8 whitelabel requests in flight at once: "
         "does it pass `threads` on to fetch_paths?";
}

TEST(StarlinkOverlap, TenThreadsSendTenRequestsAtOnce) {
  std::optional<ApiServer> server(
      std::in_place,
      conclab::ServerOptions{.path_latencies = {{"/starlink/*", Latency::fixed(30s)}}});
  EXPECT_TRUE(fans_out_to(server, 10,
                          [](const std::string& url) {
                            static_cast<void>(fetch_satellites(url, 50, 10, {.timeout = 60s}));
                          }))
      << "fetch_satellites(url, 50, 10) never had 10 satellite requests in flight at once: "
         "does it pass `threads` on to fetch_paths?";
}

/// Whether other programs kept `run` from the CPUs: tasks waited for a CPU for more than a
/// tenth of its wall time while this process used less than 90% of its cores (the rule
/// conclab::measure_speedup() uses).
bool disturbed(const conclab::RunCost& run) {
  return run.run_queue_delay_seconds > 0.1 * run.seconds &&
         run.cpu_utilisation() < 0.9 * conclab::available_cores();
}

TEST(FetchAllWallTime, FiftyRequestsOfTwentyMsOnTenThreadsTakeCloseToOneHundredMs) {
#ifdef CONCLAB_UNDER_SANITIZER
  GTEST_SKIP() << "wall time means nothing under a sanitizer (the overlap tests still ran)";
#endif
  constexpr double kLatencyMs = 20;
  constexpr std::size_t kRequests = 50;
  constexpr std::size_t kThreads = 10;
  // ceil(50 / 10) = 5 rounds of 20 ms.
  constexpr double kIdealMs = kLatencyMs * ((kRequests + kThreads - 1) / kThreads);
  constexpr double kLimitMs = kIdealMs * 1.25;
  ApiServer server({.latency = Latency::fixed(20ms)});
  const auto paths = satellite_record_paths(server.datasets(), kRequests);
  // Best of 5 runs that no other program disturbed (at most 10 runs in all). A run fast
  // enough counts even if disturbed: it proves the point anyway.
  double best_ms = 1e9;
  int counted = 0;
  for (int run = 0; run < 10 && counted < 5 && best_ms > kLimitMs; ++run) {
    std::vector<FetchOutcome> outcomes;
    const conclab::RunCost cost =
        conclab::measure_run([&] { outcomes = fetch_all(server.base_url(), paths, kThreads); });
    // A fast wrong answer is not a speedup.
    ASSERT_TRUE(one_good_record_per_path(outcomes, paths));
    if (cost.seconds * 1e3 <= kLimitMs || !disturbed(cost)) {
      best_ms = std::min(best_ms, cost.seconds * 1e3);
      ++counted;
    }
  }
  if (counted == 0) {
    GTEST_SKIP() << "machine busy: other programs kept every run from the CPUs, so the wall "
                    "time says nothing (the overlap tests still ran)";
  }
  RecordProperty("best_ms", std::to_string(best_ms));
  EXPECT_LE(best_ms, kLimitMs) << "the best run took " << best_ms << " ms; the ideal is "
                               << kIdealMs << " ms (5 rounds of 20 ms) and the limit " << kLimitMs
                               << " ms. One after another, 50 requests take 1000 ms.";
}

}  // namespace
}  // namespace lab03
