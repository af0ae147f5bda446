// Race: many workers at once, each with its own requests, all writing results the caller
// reads. Run under ThreadSanitizer too (./conclab check 03 --tsan).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api_fixtures.hpp"
#include "conclab/api_server.hpp"
#include "connections.hpp"
#include "crash_report.hpp"
#include "fetch_all.hpp"
#include "starlink.hpp"

namespace lab03 {
namespace {

using conclab::ApiServer;
using conclab::FailureKind;
using testing::connection_record_paths;
using testing::one_good_record_per_path;
using testing::without_exceptions;

#ifdef CONCLAB_UNDER_SANITIZER
// A sanitizer sees the race without the volume (and every thread costs it far more).
constexpr std::size_t kRecords = 200;
constexpr std::size_t kWorkers = 16;
constexpr int kRounds = 1;
#else
constexpr std::size_t kRecords = conclab::kConnectionCount;
constexpr std::size_t kWorkers = 32;
constexpr int kRounds = 10;
#endif

/// Passes when the server saw every path of `paths` exactly once, and nothing else.
::testing::AssertionResult each_path_requested_once(const conclab::ServerStats& stats,
                                                    const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    const auto found = stats.requests_by_path.find(path);
    const std::uint64_t times = found == stats.requests_by_path.end() ? 0 : found->second;
    if (times != 1) {
      return ::testing::AssertionFailure()
             << path << " was requested " << times
             << " times: every path must be taken by exactly one worker";
    }
  }
  if (stats.requests_served != paths.size()) {
    return ::testing::AssertionFailure()
           << stats.requests_served << " requests for " << paths.size() << " paths";
  }
  return ::testing::AssertionSuccess();
}

TEST(FetchAll, ManyWorkersFetchEveryRecordExactlyOnce) {
  // No latency: the workers hand out paths and store outcomes as fast as they can.
  ApiServer server;
  const auto paths = connection_record_paths(server.datasets(), kRecords);
  for (int round = 0; round < kRounds; ++round) {
    server.reset_stats();
    const auto outcomes = fetch_all(server.base_url(), paths, kWorkers);
    ASSERT_TRUE(one_good_record_per_path(outcomes, paths)) << "round " << round;
    ASSERT_TRUE(each_path_requested_once(server.stats(), paths)) << "round " << round;
  }
}

/// How the i-th failing path fails, and the status it must be reported with.
struct Injected {
  FailureKind kind;
  FetchStatus status;
};
constexpr Injected kInjected[] = {{FailureKind::server_error, FetchStatus::http_error},
                                  {FailureKind::reset, FetchStatus::no_response},
                                  {FailureKind::malformed_json, FetchStatus::malformed_json},
                                  {FailureKind::not_found, FetchStatus::http_error}};

TEST(FetchAll, FailuresAmongManyWorkersAreEachReportedOnceAndLoseNothing) {
  conclab::ApiDatasets datasets;
  const auto paths = connection_record_paths(datasets, kRecords / 2);
  conclab::ServerOptions options;
  for (std::size_t i = 0; i < paths.size(); i += 5) {  // every fifth path fails
    options.failures.push_back({paths[i], kInjected[(i / 5) % 4].kind});
  }
  ApiServer server(options);
  const auto outcomes = fetch_all(server.base_url(), paths, kWorkers);
  ASSERT_EQ(outcomes.size(), paths.size()) << "one outcome per path, failed or not";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    ASSERT_EQ(outcomes[i].path, paths[i]) << "outcome " << i << " is for the wrong path";
    const FetchStatus expected = i % 5 == 0 ? kInjected[(i / 5) % 4].status : FetchStatus::ok;
    ASSERT_EQ(outcomes[i].status, expected)
        << paths[i] << " should be '" << to_string(expected) << "', got: " << describe(outcomes[i]);
  }
}

TEST(Connections, SixteenWorkersMergeTheSameListAsOne) {
  ApiServer server;
  const auto one = without_exceptions("fetch_connections",
                                      [&] { return fetch_connections(server.base_url(), 1); });
  const auto sixteen = without_exceptions("fetch_connections",
                                          [&] { return fetch_connections(server.base_url(), 16); });
  EXPECT_TRUE(sixteen.failures.empty()) << failure_report(sixteen.failures);
  EXPECT_EQ(sixteen.connections.size(), conclab::kConnectionCount);
  EXPECT_TRUE(sixteen.connections == one.connections)
      << "16 workers merged a different list from one";
}

TEST(Starlink, SixteenWorkersFetchEveryOneOfAHundredSatellites) {
  ApiServer server;
  const auto table = without_exceptions("fetch_satellites", [&] {
    return fetch_satellites(server.base_url(), conclab::kSatelliteCount, 16);
  });
  EXPECT_TRUE(table.failures.empty()) << failure_report(table.failures);
  ASSERT_EQ(table.sat_info.size(), conclab::kSatelliteCount);
  for (const conclab::Satellite& satellite : server.datasets().satellites()) {
    const auto found = table.sat_info.find(satellite.id);
    ASSERT_NE(found, table.sat_info.end()) << "satellite " << satellite.id << " is missing";
    EXPECT_EQ(found->second.object_name, satellite.object_name)
        << "satellite " << satellite.id << " has another satellite's record";
  }
}

}  // namespace
}  // namespace lab03
