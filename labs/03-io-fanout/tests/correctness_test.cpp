// Correctness: each piece does what its header promises, with the server answering, failing,
// or stalling on purpose.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "api_fixtures.hpp"
#include "client.hpp"
#include "conclab/api_server.hpp"
#include "connections.hpp"
#include "fetch_all.hpp"
#include "fetch_one.hpp"
#include "starlink.hpp"

namespace lab03 {
namespace {

using namespace std::chrono_literals;
using conclab::ApiServer;
using conclab::FailureKind;
using conclab::Latency;
using testing::one_good_record_per_path;
using testing::satellite_record_paths;
using testing::without_exceptions;

/// A satellite id the server does not know: it answers 404.
const std::string kUnknownSatellite = "/starlink/000000000000000000000000";

TEST(MakeClient, GivesUpOnAStalledAnswerAfterTheTimeout) {
  ApiServer server({.failures = {{"/pages/1", FailureKind::slow, 0, 3s}}});
  const FetchOptions options{.timeout = 300ms};
  const auto begin = std::chrono::steady_clock::now();
  FetchOutcome outcome;
  {
    httplib::Client client = make_client(server.base_url(), options);
    outcome = fetch_one(client, "/pages/1", options);
  }
  const auto waited = std::chrono::steady_clock::now() - begin;
  EXPECT_EQ(outcome.status, FetchStatus::timed_out)
      << "the server took 3 s to answer and the timeout was 300 ms, so the client should have "
         "given up; it got: "
      << describe(outcome) << ". Does make_client set the read timeout from options.timeout?";
  EXPECT_LT(waited, 2s) << "the request waited for the slow answer instead of giving up";
}

TEST(MakeClient, ConnectsToTheServer) {
  ApiServer server;
  httplib::Client client = make_client(server.base_url(), {});
  const FetchOutcome outcome = fetch_one(client, "/whitelabels", {});
  ASSERT_TRUE(outcome.ok()) << describe(outcome);
  EXPECT_EQ(outcome.body.size(), conclab::kWhitelabelCount);
}

TEST(FetchAllSequential, ReturnsOneOutcomePerPathInOrder) {
  ApiServer server;
  const auto paths = satellite_record_paths(server.datasets(), 10);
  const auto outcomes = fetch_all_sequential(server.base_url(), paths);
  EXPECT_TRUE(one_good_record_per_path(outcomes, paths));
  EXPECT_EQ(server.stats().max_in_flight, 1U)
      << "the sequential version sent requests at the same time";
}

/// Paths the server answers in every way a request can end, and how each must be reported.
struct FailureCase {
  std::string path;
  FetchStatus status;
  int http_status;
};

std::vector<FailureCase> failure_cases(const conclab::ApiDatasets& datasets) {
  const auto ok_paths = satellite_record_paths(datasets, 6);
  return {{ok_paths[0], FetchStatus::ok, 200},
          {kUnknownSatellite, FetchStatus::http_error, 404},
          {ok_paths[1], FetchStatus::http_error, 403},
          {ok_paths[2], FetchStatus::http_error, 500},
          {ok_paths[3], FetchStatus::no_response, 0},
          {ok_paths[4], FetchStatus::malformed_json, 200},
          {ok_paths[5], FetchStatus::ok, 200}};
}

/// A server that fails the paths of failure_cases() as they say.
conclab::ServerOptions failing_server_options() {
  const auto cases = failure_cases(conclab::ApiDatasets());
  return {.failures = {{cases[2].path, FailureKind::forbidden},
                       {cases[3].path, FailureKind::server_error},
                       {cases[4].path, FailureKind::reset},
                       {cases[5].path, FailureKind::malformed_json}}};
}

std::vector<std::string> paths_of(const std::vector<FailureCase>& cases) {
  std::vector<std::string> paths;
  for (const FailureCase& failure_case : cases) {
    paths.push_back(failure_case.path);
  }
  return paths;
}

void expect_each_reported(const std::vector<FetchOutcome>& outcomes,
                          const std::vector<FailureCase>& cases) {
  ASSERT_EQ(outcomes.size(), cases.size()) << "one outcome per path, failed or not";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(outcomes[i].path, cases[i].path) << "outcome " << i << " is for the wrong path";
    EXPECT_EQ(outcomes[i].status, cases[i].status)
        << cases[i].path << " should be reported as '" << to_string(cases[i].status)
        << "', got: " << describe(outcomes[i]);
    EXPECT_EQ(outcomes[i].http_status, cases[i].http_status) << describe(outcomes[i]);
  }
}

TEST(FetchAllSequential, ReportsEachFailureWithItsCauseAndKeepsTheRest) {
  ApiServer server(failing_server_options());
  const auto cases = failure_cases(server.datasets());
  const auto outcomes = fetch_all_sequential(server.base_url(), paths_of(cases));
  expect_each_reported(outcomes, cases);
  const std::string report = failure_report(outcomes);
  for (const char* cause : {"HTTP 404", "HTTP 403", "HTTP 500", "no response", "malformed JSON"}) {
    EXPECT_NE(report.find(cause), std::string::npos)
        << "the failure report does not mention '" << cause << "':\n"
        << report;
  }
}

TEST(FetchAllSequential, NoPathsMeansNoRequests) {
  ApiServer server;
  EXPECT_TRUE(fetch_all_sequential(server.base_url(), {}).empty());
  EXPECT_EQ(server.stats().requests_served, 0U);
}

TEST(FetchAll, ReportsEachFailureWithItsCauseAndKeepsTheRest) {
  ApiServer server(failing_server_options());
  const auto cases = failure_cases(server.datasets());
  expect_each_reported(fetch_all(server.base_url(), paths_of(cases), 4), cases);
}

TEST(FetchAll, KeepsThePathsOrderWhateverFinishesFirst) {
  // Each request waits a different, seeded time, so they finish in a scrambled order.
  ApiServer server({.latency = Latency::uniform(1ms, 30ms)});
  const auto paths = satellite_record_paths(server.datasets(), 40);
  EXPECT_TRUE(one_good_record_per_path(fetch_all(server.base_url(), paths, 8), paths));
}

TEST(FetchAll, GivesTheSameOutcomesAsTheSequentialVersion) {
  ApiServer server(failing_server_options());
  auto paths = paths_of(failure_cases(server.datasets()));
  const auto more = satellite_record_paths(server.datasets(), 30);
  paths.insert(paths.end(), more.begin() + 6, more.end());
  const auto sequential = fetch_all_sequential(server.base_url(), paths);
  const auto pooled = fetch_all(server.base_url(), paths, 6);
  ASSERT_EQ(pooled.size(), sequential.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    EXPECT_EQ(pooled[i].path, sequential[i].path) << "outcome " << i;
    EXPECT_EQ(pooled[i].status, sequential[i].status)
        << "outcome " << i << ": pooled " << describe(pooled[i]) << ", sequential "
        << describe(sequential[i]);
    EXPECT_EQ(pooled[i].body, sequential[i].body) << "outcome " << i << " (" << paths[i] << ")";
  }
}

TEST(FetchAllReturns, OnlyWhenEveryRequestIsOver) {
  // Seed 001 stopped its clock right after starting its threads, long before they finished.
  // A fetch_all that returns that early hands back outcomes nobody has filled in yet.
  ApiServer server({.latency = Latency::fixed(20ms)});
  const auto paths = satellite_record_paths(server.datasets(), 30);
  const auto outcomes = fetch_all(server.base_url(), paths, 8);
  const conclab::ServerStats stats = server.stats();
  EXPECT_EQ(stats.requests_in_flight, 0U)
      << "fetch_all returned while requests were still under way: join every worker first";
  EXPECT_EQ(stats.requests_served, paths.size())
      << "when fetch_all returned, the server had not yet answered every path";
  EXPECT_TRUE(one_good_record_per_path(outcomes, paths));
}

TEST(FetchAllPool, NeverHasMoreRequestsUnderWayThanThreads) {
  ApiServer server({.latency = Latency::fixed(10ms)});
  const auto paths = satellite_record_paths(server.datasets(), 40);
  EXPECT_TRUE(one_good_record_per_path(fetch_all(server.base_url(), paths, 4), paths));
  EXPECT_LE(server.stats().max_in_flight, 4U)
      << "a pool of 4 threads had more than 4 requests at the server at once: start "
         "min(threads, paths) workers, not one thread per path";
}

/// The ids of `connections`, in order.
std::vector<int> ids_of(const std::vector<nlohmann::json>& connections) {
  std::vector<int> ids;
  for (const nlohmann::json& connection : connections) {
    ids.push_back(connection.value("id", -1));
  }
  return ids;
}

/// The ids of the server's connections in whitelabel order, leaving out whitelabel `skip`.
std::vector<int> expected_connection_ids(const ApiServer& server, int skip = 0) {
  std::vector<int> ids;
  for (const conclab::Connection& connection : server.datasets().connections()) {
    if (connection.whitelabel_id != skip) {
      ids.push_back(connection.id);
    }
  }
  return ids;
}

TEST(Connections, SequentialFetchMergesAll973InWhitelabelOrder) {
  ApiServer server;
  const ConnectionList list = without_exceptions(
      "fetch_connections", [&] { return fetch_connections(server.base_url(), 1); });
  EXPECT_TRUE(list.failures.empty()) << failure_report(list.failures);
  EXPECT_EQ(list.connections.size(), conclab::kConnectionCount);
  EXPECT_EQ(ids_of(list.connections), expected_connection_ids(server))
      << "the connections must be merged whitelabel by whitelabel, in the list's order";
  EXPECT_EQ(server.stats().requests_served, conclab::kWhitelabelCount + 1)
      << "expected one request for the list and one per whitelabel";
}

TEST(Connections, PooledFetchGivesTheSameMergedListAsSequential) {
  ApiServer server({.latency = Latency::uniform(0ms, 10ms)});
  const auto sequential = without_exceptions(
      "fetch_connections", [&] { return fetch_connections(server.base_url(), 1); });
  const auto pooled = without_exceptions("fetch_connections",
                                         [&] { return fetch_connections(server.base_url(), 8); });
  EXPECT_TRUE(pooled.failures.empty()) << failure_report(pooled.failures);
  EXPECT_EQ(pooled.connections.size(), conclab::kConnectionCount);
  EXPECT_TRUE(pooled.connections == sequential.connections)
      << "8 threads merged a different list from 1 thread: the merge must follow the order of "
         "the whitelabels, not the order the answers arrived in";
}

TEST(Connections, TheSeventhRequestFailingLosesOnlyThatWhitelabel) {
  ApiServer server({.failures = {{"/whitelabels/*/connections", FailureKind::server_error, 7}}});
  const ConnectionList list = without_exceptions(
      "fetch_connections", [&] { return fetch_connections(server.base_url(), 8); });
  ASSERT_EQ(list.failures.size(), 1U)
      << "exactly one request failed (the 7th), and it must be reported:\n"
      << failure_report(list.failures);
  const FetchOutcome& failed = list.failures.front();
  EXPECT_EQ(failed.status, FetchStatus::http_error) << describe(failed);
  EXPECT_EQ(failed.http_status, 500) << describe(failed);
  // "/whitelabels/{id}/connections": the whitelabel whose connections are missing.
  const std::string prefix = "/whitelabels/";
  const int lost = std::stoi(failed.path.substr(prefix.size()));
  EXPECT_EQ(ids_of(list.connections), expected_connection_ids(server, lost))
      << "every whitelabel but " << lost << " must still have all its connections, in order";
}

TEST(Connections, AFailedWhitelabelListIsTheOneFailure) {
  ApiServer server({.failures = {{"/whitelabels", FailureKind::forbidden}}});
  const ConnectionList list = without_exceptions(
      "fetch_connections", [&] { return fetch_connections(server.base_url(), 4); });
  ASSERT_EQ(list.failures.size(), 1U) << failure_report(list.failures);
  EXPECT_EQ(list.failures.front().path, "/whitelabels");
  EXPECT_EQ(list.failures.front().http_status, 403) << describe(list.failures.front());
  EXPECT_TRUE(list.connections.empty());
}

/// The first `count` satellites as seed 001 keeps them, by id.
std::map<std::string, SatInfo> expected_sat_info(const ApiServer& server, std::size_t count) {
  std::map<std::string, SatInfo> expected;
  for (std::size_t i = 0; i < count; ++i) {
    const conclab::Satellite& satellite = server.datasets().satellites()[i];
    expected[satellite.id] = {satellite.object_name, satellite.launch_date, satellite.decay_date};
  }
  return expected;
}

TEST(Starlink, FetchesFiftyRecordsLikeTheSeed) {
  ApiServer server;
  const SatelliteTable table = without_exceptions(
      "fetch_satellites", [&] { return fetch_satellites(server.base_url(), 50, 1); });
  EXPECT_TRUE(table.failures.empty()) << failure_report(table.failures);
  EXPECT_TRUE(table.sat_info == expected_sat_info(server, 50))
      << "expected the name, launch date and decay date of the first 50 satellites, by id; "
      << "got " << table.sat_info.size() << " entries";
}

TEST(Starlink, PooledTableEqualsTheSequentialOne) {
  ApiServer server({.latency = Latency::uniform(0ms, 10ms)});
  const auto sequential = without_exceptions(
      "fetch_satellites", [&] { return fetch_satellites(server.base_url(), 50, 1); });
  const auto pooled = without_exceptions(
      "fetch_satellites", [&] { return fetch_satellites(server.base_url(), 50, 10); });
  EXPECT_TRUE(pooled.failures.empty()) << failure_report(pooled.failures);
  EXPECT_EQ(pooled.sat_info.size(), 50U);
  EXPECT_TRUE(pooled.sat_info == sequential.sat_info)
      << "10 threads fetched a different table from 1 thread";
}

TEST(Starlink, EachFailedSatelliteIsReportedAndTheOthersKept) {
  // As in seed 002's load_url example: one address is refused, another is broken, and every
  // other answer still comes through.
  const conclab::ApiDatasets datasets;
  const std::string refused = datasets.satellites()[3].id;
  const std::string broken = datasets.satellites()[10].id;
  ApiServer server({.failures = {{satellite_path(refused), FailureKind::not_found},
                                 {satellite_path(broken), FailureKind::malformed_json}}});
  const SatelliteTable table = without_exceptions(
      "fetch_satellites", [&] { return fetch_satellites(server.base_url(), 50, 5); });
  auto expected = expected_sat_info(server, 50);
  expected.erase(refused);
  expected.erase(broken);
  EXPECT_TRUE(table.sat_info == expected)
      << "expected the 48 satellites that did not fail; got " << table.sat_info.size();
  ASSERT_EQ(table.failures.size(), 2U) << failure_report(table.failures);
  EXPECT_EQ(table.failures[0].path, satellite_path(refused))
      << "failures must be listed in the order of the requests";
  EXPECT_EQ(table.failures[0].http_status, 404) << describe(table.failures[0]);
  EXPECT_EQ(table.failures[1].path, satellite_path(broken));
  EXPECT_EQ(table.failures[1].status, FetchStatus::malformed_json) << describe(table.failures[1]);
}

}  // namespace
}  // namespace lab03
