// Race: many workers at once, each with its own requests, all writing results the caller
// reads. Run under ThreadSanitizer too (./conclab check 03 --tsan).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
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
constexpr std::size_t kPairedPaths = 150;
constexpr int kPairedRounds = 8;
#else
constexpr std::size_t kRecords = conclab::kConnectionCount;
constexpr std::size_t kWorkers = 32;
constexpr int kRounds = 10;
constexpr std::size_t kPairedPaths = 300;
constexpr int kPairedRounds = 10;
#endif
// Few workers, so that those who meet are often the only ones after the index.
constexpr std::size_t kPairedWorkers = 4;

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

/// Pairs up workers that have just finished a request: the first of a pair spins until the
/// next one arrives, then both return at the same moment and ask for their next path together.
/// Every wait ends after kLongestWait, partner or not: this changes only timing, never a result.
class Rendezvous {
 public:
  void arrive() {
    const std::uint64_t ticket = arrivals_.fetch_add(1);
    if (ticket % 2 == 1) {
      return;  // the second of a pair: the first, spinning, sees this arrival and goes too
    }
    const auto start = std::chrono::steady_clock::now();
    for (long spins = 1; arrivals_.load() == ticket + 1; ++spins) {
      if (spins % 64 != 0) {
        continue;
      }
      const auto waited = std::chrono::steady_clock::now() - start;
      if (waited > kLongestWait) {
        return;  // nobody came (the last request, or a busy machine): go alone
      }
      if (waited > kSpinAlone) {
        std::this_thread::yield();  // the partner may need this core to finish its request
      }
    }
  }

 private:
  // Plain, a request takes well under kLongestWait: the first spins all the while, which
  // releases the pair closest together. A sanitizer's requests take far longer, so there it
  // yields its core after a while, to the partner's request among others.
#ifdef CONCLAB_UNDER_SANITIZER
  static constexpr std::chrono::microseconds kSpinAlone{1000};
  static constexpr std::chrono::milliseconds kLongestWait{10};
#else
  static constexpr std::chrono::microseconds kSpinAlone{2000};
  static constexpr std::chrono::milliseconds kLongestWait{2};
#endif
  std::atomic<std::uint64_t> arrivals_ = 0;
};

TEST(FetchAll, WorkersAskingAtTheSameMomentGetDifferentPaths) {
  // Workers run at their own pace, so two seldom ask for a path at the very same moment: a
  // worker that reads the next index under one lock and claims it under another then usually
  // gets away with it. Here every finished request waits for a partner, so the workers ask
  // in pairs, over and over, and such a gap gives one path to both.
  ApiServer server;
  const auto paths = connection_record_paths(server.datasets(), kPairedPaths);
  for (int round = 0; round < kPairedRounds; ++round) {
    server.reset_stats();
    Rendezvous rendezvous;
    const FetchOptions options{
        .on_fetched = [&rendezvous](const FetchOutcome&, FetchClock::time_point,
                                    FetchClock::time_point) { rendezvous.arrive(); }};
    const auto outcomes = fetch_all(server.base_url(), paths, kPairedWorkers, options);
    ASSERT_TRUE(one_good_record_per_path(outcomes, paths)) << "round " << round + 1;
    ASSERT_TRUE(each_path_requested_once(server.stats(), paths))
        << "round " << round + 1 << " of " << kPairedRounds << ": workers that asked for their "
        << "next path at the same moment were given the same one. Is the index read and claimed "
        << "in one step (one fetch_add, or one critical section)?";
  }
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
