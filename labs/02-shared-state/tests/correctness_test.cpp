// Correctness: each piece does what its header promises, with few threads or one.
#include <gtest/gtest.h>

#include <cstddef>
#include <latch>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "conclab/api_server.hpp"
#include "fake_records.hpp"
#include "loopback.hpp"
#include "name_index.hpp"
#include "new_sessions.hpp"
#include "satellite_table.hpp"
#include "test_threads.hpp"
#include "thread_session.hpp"

namespace lab02 {
namespace {

using testing::fake_fetch;
using testing::fake_ids;
using testing::fake_info;
using testing::NewSessions;
using testing::run_test_threads;

/// What a table filled with fake_fetch() from `ids` must hold.
std::map<std::string, SatelliteInfo> fake_entries(const std::vector<std::string>& ids) {
  std::map<std::string, SatelliteInfo> entries;
  for (const std::string& id : ids) {
    entries.emplace(id, fake_info(id));
  }
  return entries;
}

TEST(SatelliteTable, StartsEmpty) {
  const SatelliteTable table;
  EXPECT_EQ(table.size(), 0U);
  EXPECT_FALSE(table.find("ffffffffffffffffffffffff0").has_value());
  EXPECT_TRUE(table.entries().empty());
}

TEST(SatelliteTable, FillWithOneThreadRecordsEveryId) {
  const auto ids = fake_ids(50);
  SatelliteTable table;
  table.fill(ids, 1, fake_fetch());
  ASSERT_EQ(table.size(), ids.size()) << "entries recorded by fill() with one thread";
  for (const std::string& id : ids) {
    EXPECT_EQ(table.find(id), fake_info(id)) << "the entry of " << id;
  }
}

TEST(SatelliteTable, FillWithFourThreadsRecordsEveryId) {
  const auto ids = fake_ids(200);
  SatelliteTable table;
  table.fill(ids, 4, fake_fetch());
  EXPECT_EQ(table.size(), ids.size()) << "entries recorded by fill() with four threads";
  EXPECT_EQ(table.entries(), fake_entries(ids)) << "entries() differs from what was fetched";
}

TEST(SatelliteTable, AnIdListedTwiceIsRecordedOnce) {
  const std::vector<std::string> ids = {fake_ids(3)[0], fake_ids(3)[1], fake_ids(3)[0]};
  SatelliteTable table;
  table.fill(ids, 2, fake_fetch());
  EXPECT_EQ(table.size(), 2U) << "an id that appears twice must give one entry";
}

TEST(SatelliteTable, FillingAgainAddsToWhatIsThere) {
  const auto ids = fake_ids(40);
  const std::vector<std::string> first(ids.begin(), ids.begin() + 25);
  const std::vector<std::string> second(ids.begin() + 25, ids.end());
  SatelliteTable table;
  table.fill(first, 3, fake_fetch());
  table.fill(second, 3, fake_fetch());
  EXPECT_EQ(table.entries(), fake_entries(ids)) << "a second fill() must keep the first one's";
}

TEST(SatelliteTable, FillsFromTheLoopbackServer) {
  const conclab::ApiServer server;
  const auto ids = testing::satellite_ids(server);
  SatelliteTable table;
  table.fill(ids, 8, testing::fetch_from(server.base_url()));
  ASSERT_EQ(table.size(), conclab::kSatelliteCount) << "satellites recorded";
  for (const conclab::Satellite& satellite : server.datasets().satellites()) {
    EXPECT_EQ(table.find(satellite.id), testing::info_of(satellite))
        << "the entry of " << satellite.id;
  }
}

// The session tests call this_threads_session() on threads they start: a thread's session
// lives as long as the thread, so the test's own thread never asks for one.

TEST(ThisThreadsSession, IsTheSameSessionOnEveryCallOfAThread) {
  const NewSessions sessions;
  run_test_threads(1, [](std::size_t) {
    const Session& first = this_threads_session();
    for (int call = 0; call < 10; ++call) {
      EXPECT_EQ(&this_threads_session(), &first) << "call " << call << " gave another session";
    }
    EXPECT_EQ(first.owner(), std::this_thread::get_id()) << "the session belongs to another thread";
  });
  EXPECT_EQ(sessions.count(), 1U) << "sessions created by a thread that asked 11 times";
}

TEST(ThisThreadsSession, GivesEachThreadASessionOfItsOwn) {
  constexpr std::size_t kThreads = 6;
  const NewSessions sessions;
  std::latch all_asked(kThreads);  // keeps every thread alive until all have their session
  std::mutex mutex;
  std::set<std::thread::id> askers;
  run_test_threads(kThreads, [&](std::size_t) {
    std::optional<std::size_t> number;
    std::string error;
    try {
      number = this_threads_session().number();
    } catch (const std::exception& thrown) {
      error = thrown.what();
    }
    {
      const std::scoped_lock lock(mutex);
      askers.insert(std::this_thread::get_id());
    }
    all_asked.arrive_and_wait();  // reached even after an error, so no thread waits forever
    if (!number) {
      throw std::runtime_error(error);
    }
    for (int call = 0; call < 50; ++call) {
      EXPECT_EQ(this_threads_session().number(), *number) << "a thread got a second session";
    }
  });
  EXPECT_EQ(sessions.count(), kThreads) << "sessions created by " << kThreads << " threads";
  const auto owners = sessions.owners();
  EXPECT_EQ(std::set<std::thread::id>(owners.begin(), owners.end()), askers)
      << "each session must be created by the thread that asked for it, one per thread";
}

TEST(ThisThreadsSession, IsCreatedOnlyForThreadsThatAsk) {
  constexpr std::size_t kThreads = 6;
  const NewSessions sessions;
  run_test_threads(kThreads, [](std::size_t index) {
    if (index % 2 == 0) {
      static_cast<void>(this_threads_session());
    }
  });
  EXPECT_EQ(sessions.count(), kThreads / 2)
      << "3 of 6 threads asked for a session: a thread that never asks must not get one";
}

TEST(ThisThreadsSession, IsDestroyedWhenItsThreadEnds) {
  const NewSessions sessions;
  run_test_threads(4, [](std::size_t) { static_cast<void>(this_threads_session()); });
  EXPECT_EQ(sessions.count(), 4U);
  EXPECT_EQ(sessions.alive(), 0U)
      << "sessions still exist after their threads ended: a thread's session must be "
         "destroyed with its thread (a thread_local variable is)";
}

TEST(DownloadAllSites, DownloadsEveryPageThroughOneSessionPerThread) {
  constexpr std::size_t kThreads = 5;
  const conclab::ApiServer server;
  const auto paths = testing::page_paths();
  const std::size_t expected_bytes = testing::total_size_of(server, paths);
  const NewSessions sessions;
  EXPECT_EQ(download_all_sites(server.base_url(), paths, kThreads), expected_bytes)
      << "the total size of the " << paths.size() << " pages";
  EXPECT_EQ(sessions.requests(), paths.size()) << "requests sent through the sessions";
  EXPECT_EQ(sessions.refused(), 0U) << "a session was used by a thread that did not create it";
  EXPECT_GE(sessions.count(), 1U);
  EXPECT_LE(sessions.count(), kThreads) << "more sessions than threads";
  const auto owners = sessions.owners();
  EXPECT_EQ(std::set<std::thread::id>(owners.begin(), owners.end()).size(), owners.size())
      << "a thread created two sessions";
  EXPECT_EQ(owners.count(std::this_thread::get_id()), 0U)
      << "the calling thread created a session: the downloads must run on the worker threads";
  EXPECT_EQ(sessions.alive(), 0U) << "sessions outlived the download's threads";
}

TEST(NameIndex, NumbersNamesInTheOrderTheyAreFirstSeen) {
  NameIndex index;
  EXPECT_EQ(index.number_for("2019-11-11"), 0U);
  EXPECT_EQ(index.number_for("2020-01-07"), 1U);
  EXPECT_EQ(index.number_for("2020-01-29"), 2U);
  EXPECT_EQ(index.size(), 3U);
}

TEST(NameIndex, ANameKeepsItsNumber) {
  NameIndex index;
  EXPECT_EQ(index.number_for("a"), 0U);
  EXPECT_EQ(index.number_for("b"), 1U);
  EXPECT_EQ(index.number_for("a"), 0U);
  EXPECT_EQ(index.number_for("b"), 1U);
  EXPECT_EQ(index.size(), 2U) << "asking again must not add a name";
}

TEST(NameIndex, ListsTheNamesInNumberOrder) {
  NameIndex index;
  for (const char* name : {"c", "a", "c", "b", "a"}) {
    index.number_for(name);
  }
  EXPECT_EQ(index.names(), (std::vector<std::string>{"c", "a", "b"}));
}

}  // namespace
}  // namespace lab02
