// Speedup: the fetches overlap. Proved without a clock: the server holds every request it
// gets until the test has seen enough of them inside at once, which can only happen if no lock
// keeps the threads from fetching together. Valid on one core and under a sanitizer too.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <exception>
#include <string>
#include <thread>

#include "conclab/api_server.hpp"
#include "loopback.hpp"
#include "new_sessions.hpp"
#include "satellite_table.hpp"
#include "thread_session.hpp"

namespace lab02 {
namespace {

using testing::kPatience;

TEST(SatelliteTableOverlap, FourThreadsHaveFourFetchesInFlightAtOnce) {
  constexpr std::size_t kThreads = 4;
  conclab::ApiServer server;
  const auto ids = testing::satellite_ids(server, 20);
  SatelliteTable table;
  bool all_in_flight = false;
  std::exception_ptr error;
  std::atomic<bool> returned = false;  // then no more fetches will come
  server.hold_requests();
  {
    const std::jthread filling([&] {
      try {
        table.fill(ids, kThreads, testing::fetch_from(server.base_url()));
      } catch (...) {
        error = std::current_exception();
      }
      returned = true;
    });
    const testing::ReleaseOnExit release(server);  // before the jthread joins
    all_in_flight = server.wait_until_in_flight(kThreads, kPatience, returned);
  }
  EXPECT_TRUE(all_in_flight) << "fill() with " << kThreads << " threads never had more than "
                             << server.stats().max_in_flight
                             << " fetch(es) in flight at once (waited " << kPatience.count()
                             << " s): is the table's lock held while fetching?";
  EXPECT_FALSE(error) << "fill() threw";
  EXPECT_EQ(table.size(), ids.size()) << "satellites recorded";
}

TEST(DownloadAllSitesOverlap, FiveThreadsHaveFiveDownloadsInFlightAtOnce) {
  constexpr std::size_t kThreads = 5;
  conclab::ApiServer server;
  const auto paths = testing::page_paths();
  const testing::NewSessions sessions;
  bool all_in_flight = false;
  std::size_t bytes = 0;
  std::atomic<bool> returned = false;
  server.hold_requests();
  {
    const std::jthread downloading([&] {
      try {
        bytes = download_all_sites(server.base_url(), paths, kThreads);
      } catch (...) {  // reported through the figures below
      }
      returned = true;
    });
    const testing::ReleaseOnExit release(server);
    all_in_flight = server.wait_until_in_flight(kThreads, kPatience, returned);
  }
  EXPECT_TRUE(all_in_flight) << "download_all_sites() with " << kThreads
                             << " threads never had more than " << server.stats().max_in_flight
                             << " download(s) in flight at once";
  EXPECT_GT(bytes, 0U) << "nothing was downloaded";
  // Five downloads in flight at once came from five threads, each with its own session.
  EXPECT_EQ(sessions.count(), kThreads) << "sessions created";
}

}  // namespace
}  // namespace lab02
