// Deadlock: a fetch must end whatever the server does. Each test runs under the watchdog,
// which ends a stuck test with a report of what every thread is waiting for.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "api_fixtures.hpp"
#include "conclab/api_server.hpp"
#include "fetch_all.hpp"

namespace lab03 {
namespace {

using namespace std::chrono_literals;
using conclab::ApiServer;
using conclab::FailureKind;
using testing::one_good_record_per_path;
using testing::ReleaseOnExit;
using testing::satellite_record_paths;

TEST(FetchAll, AStalledServerCostsEachRequestOnlyItsTimeout) {
  // The server takes every request in and never answers. 24 requests on 4 workers are 6
  // rounds of waiting: 6 x 250 ms with the timeouts of make_client, and 6 x 5 s (httplib's
  // default) without them, far past this test's deadline.
  ApiServer server;
  const ReleaseOnExit release(server);
  server.hold_requests();
  const auto paths = satellite_record_paths(server.datasets(), 24);
  const auto outcomes = fetch_all(server.base_url(), paths, 4, {.timeout = 250ms});
  ASSERT_EQ(outcomes.size(), paths.size()) << "one outcome per path, failed or not";
  for (const FetchOutcome& outcome : outcomes) {
    EXPECT_EQ(outcome.status, FetchStatus::timed_out) << describe(outcome);
  }
}

TEST(FetchAll, EndsWhenEveryConnectionIsReset) {
  ApiServer server({.failures = {{"/starlink/*", FailureKind::reset}}});
  const auto paths = satellite_record_paths(server.datasets(), 20);
  const auto outcomes = fetch_all(server.base_url(), paths, 4);
  ASSERT_EQ(outcomes.size(), paths.size()) << "one outcome per path, failed or not";
  for (const FetchOutcome& outcome : outcomes) {
    EXPECT_EQ(outcome.status, FetchStatus::no_response) << describe(outcome);
  }
}

TEST(FetchAll, EndsWithNoPaths) {
  ApiServer server;
  EXPECT_TRUE(fetch_all(server.base_url(), {}, 8).empty());
}

TEST(FetchAll, EndsWithMoreThreadsThanPaths) {
  ApiServer server;
  const auto paths = satellite_record_paths(server.datasets(), 3);
  EXPECT_TRUE(one_good_record_per_path(fetch_all(server.base_url(), paths, 64), paths));
}

TEST(FetchAll, EndsWhenOneRequestIsFarSlowerThanTheOthers) {
  // One answer comes after 20 s; the client gives up on it after 300 ms, and its worker
  // carries on with the next path.
  ApiServer server;
  const auto paths = satellite_record_paths(server.datasets(), 12);
  server.add_failure({paths[5], FailureKind::slow, 0, 20s});
  const auto outcomes = fetch_all(server.base_url(), paths, 3, {.timeout = 300ms});
  ASSERT_EQ(outcomes.size(), paths.size()) << "one outcome per path, failed or not";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    EXPECT_EQ(outcomes[i].status, i == 5 ? FetchStatus::timed_out : FetchStatus::ok)
        << describe(outcomes[i]);
  }
}

}  // namespace
}  // namespace lab03
