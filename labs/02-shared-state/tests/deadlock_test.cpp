// Deadlock: a fetch that fails, or a record that cannot be read, must not wedge the other
// threads. Each test runs under the watchdog, which ends a stuck test with a report of what
// every thread is waiting for.
#include <gtest/gtest.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "conclab/api_faults.hpp"
#include "conclab/api_server.hpp"
#include "fake_records.hpp"
#include "loopback.hpp"
#include "new_sessions.hpp"
#include "satellite_table.hpp"
#include "session.hpp"
#include "thread_session.hpp"

namespace lab02 {
namespace {

constexpr std::size_t kThreads = 4;

TEST(SatelliteTable, AMalformedRecordDoesNotWedgeTheFill) {
  constexpr std::size_t kSatellites = 20;
  conclab::ApiServer server;
  const auto ids = testing::satellite_ids(server, kSatellites);
  const std::string broken_id = ids[kSatellites / 2];
  server.add_failure(
      {.pattern = satellite_path(broken_id), .kind = conclab::FailureKind::malformed_json});
  SatelliteTable table;
  EXPECT_THROW(table.fill(ids, kThreads, testing::fetch_from(server.base_url())),
               std::invalid_argument)
      << "the record of " << broken_id << " is not valid JSON: parse_satellite() throws, and "
      << "fill() must pass that on once the other threads are done";
  EXPECT_EQ(table.size(), kSatellites - 1) << "every other satellite must still be recorded";
  EXPECT_FALSE(table.find(broken_id).has_value());
}

TEST(SatelliteTable, FailedFetchesDoNotWedgeTheFill) {
  const auto ids = testing::fake_ids(100);
  const auto fetch_or_fail = [](const std::string& id) {
    if ((id.back() - '0') % 5 == 0) {
      throw FetchError("GET " + satellite_path(id) + ": no answer (made up by the test)");
    }
    return testing::fake_record(id);
  };
  SatelliteTable table;
  EXPECT_THROW(table.fill(ids, kThreads, fetch_or_fail), FetchError)
      << "one in five fetches throws: fill() must pass the error on";
  EXPECT_EQ(table.size(), 80U) << "every fetch that worked must still be recorded";
}

TEST(DownloadAllSites, AFailedDownloadDoesNotWedgeTheOthers) {
  conclab::ApiServer server;
  server.add_failure({.pattern = "/pages/7", .kind = conclab::FailureKind::server_error});
  const auto paths = testing::page_paths();
  const testing::NewSessions sessions;
  EXPECT_THROW(static_cast<void>(download_all_sites(server.base_url(), paths, kThreads)),
               FetchError)
      << "/pages/7 answers 500: download_all_sites() must pass the error on";
  EXPECT_EQ(sessions.requests(), paths.size()) << "every page must still be asked for";
}

}  // namespace
}  // namespace lab02
