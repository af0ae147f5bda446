// Race: many threads at once on shared state, in volume. Run under ThreadSanitizer too (--tsan);
// lab.json also has these tests run under seeded chaos scheduling, which widens the gaps between
// one lock and the next, where a check-then-act bug hides.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "conclab/api_server.hpp"
#include "conclab/testing/under_chaos.hpp"
#include "fake_records.hpp"
#include "loopback.hpp"
#include "name_index.hpp"
#include "new_sessions.hpp"
#include "satellite_table.hpp"
#include "test_threads.hpp"
#include "thread_session.hpp"

namespace lab02 {
namespace {

using testing::run_test_threads;

constexpr std::size_t kThreads = 8;

using conclab::testing::under_chaos;  // less volume under chaos: its pauses find bugs sooner

#ifdef CONCLAB_UNDER_SANITIZER
constexpr std::size_t kIdsPerThread = 500;  // ThreadSanitizer needs no volume to see a race
constexpr int kMostCopies = 3;              // nor more than one racing copy of the table
#else
constexpr std::size_t kIdsPerThread = 2'500;
constexpr int kMostCopies = 1'000'000;
#endif

/// Counts `latch` down when it goes out of scope, however the scope is left.
class CountDownOnExit {
 public:
  explicit CountDownOnExit(std::latch& latch) : latch_(latch) {}
  CountDownOnExit(const CountDownOnExit&) = delete;
  CountDownOnExit& operator=(const CountDownOnExit&) = delete;
  CountDownOnExit(CountDownOnExit&&) = delete;
  CountDownOnExit& operator=(CountDownOnExit&&) = delete;
  ~CountDownOnExit() { latch_.count_down(); }

 private:
  std::latch& latch_;
};

/// Whether every entry of a copy of the table is the record of its id; prints the first that
/// is not.
bool entries_are_right(const std::map<std::string, SatelliteInfo>& entries) {
  for (const auto& [id, info] : entries) {
    if (info != testing::fake_info(id)) {
      std::fprintf(stderr, "entries() returned a wrong entry for %s\n", id.c_str());
      return false;
    }
  }
  return true;
}

/// Fills one table from 8 threads while another thread keeps reading it, then checks that it
/// holds every id with the right entry. Prints what is wrong and returns false otherwise.
bool fill_while_reading_loses_nothing() {
  const auto ids = testing::fake_ids(kThreads * kIdsPerThread);
  SatelliteTable table;
  std::latch filled(1);
  run_test_threads(2, [&](std::size_t thread) {
    if (thread == 0) {
      const CountDownOnExit done(filled);  // even if fill() throws: the reader must stop
      table.fill(ids, kThreads, testing::fake_fetch());
      return;
    }
    // Reads now and then, through every read function of the table: an unguarded one races
    // with the fill. ThreadSanitizer needs only a few to see it; more would only slow the fill
    // down, under chaos scheduling most. A copy of the whole table is the slowest read, so it
    // comes every fiftieth time, and what it holds must already be right. Under the sanitizer
    // a few copies are enough: each unguarded copy of a map being filled without its lock
    // races on thousands of nodes, and reporting them all would take minutes.
    // A copy is made only once entries have gone in since the last one: a copy of a table that
    // no insert is changing races with nothing (and the few copies the sanitizer gets would be
    // spent before the first fetch has returned, on a busy machine).
    int copies = 0;
    std::size_t size_at_last_copy = 0;
    for (int read = 0; !filled.try_wait(); ++read) {
      const std::size_t size = table.size();
      static_cast<void>(table.find(ids[static_cast<std::size_t>(read) % ids.size()]));
      if (read % 50 == 0 && size > size_at_last_copy && copies < kMostCopies) {
        ++copies;
        size_at_last_copy = size;
        if (!entries_are_right(table.entries())) {
          return;  // the check below fails too: the fill goes on, and the test fails
        }
      }
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  });
  if (table.size() != ids.size()) {
    std::fprintf(stderr, "the table has %zu entries, but %zu distinct ids were fetched\n",
                 table.size(), ids.size());
    return false;
  }
  for (const std::string& id : ids) {
    if (table.find(id) != testing::fake_info(id)) {
      std::fprintf(stderr, "the entry of %s is missing or wrong\n", id.c_str());
      return false;
    }
  }
  return true;
}

TEST(SatelliteTable, EightThreadsFillingOneTableLoseNoEntry) {
#ifdef CONCLAB_UNDER_SANITIZER
  // ThreadSanitizer names the two accesses that race, if any do.
  EXPECT_TRUE(fill_while_reading_loses_nothing());
#else
  // How long the child may take before its alarm ends it: far longer than a correct fill takes,
  // and well within the deadline of the race tests.
  constexpr unsigned kChildSeconds = 15;
  // A std::map that two threads change at once is corrupted: the program usually crashes, and
  // may hang. The fill runs in a child process, so that either is reported here as a failed
  // test; the child's alarm ends it if it hangs, well before this test's own deadline.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        ::alarm(kChildSeconds);
        std::exit(fill_while_reading_loses_nothing() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "")
      << "8 threads filling one table lost entries, crashed the program, or hung it (killed by "
         "the alarm, signal 14, after "
      << kChildSeconds << " s): is every use of the map (insert, find, size) under the lock?";
#endif
}

/// How many names and rounds the NameIndex race uses. Measured on the 2-core machine with the
/// check-then-act bug in: a plain round of 8 threads and 2,000 names caught it 92 times in 100
/// (24 on one core); under chaos, a round of only 100 names caught it 200 times in 200.
struct NameRace {
  std::size_t names;
  int rounds;
};

NameRace name_race() {
  if (under_chaos()) {
    return {.names = 200, .rounds = 5};
  }
#ifdef CONCLAB_UNDER_SANITIZER
  return {.names = 1'000, .rounds = 10};
#else
  return {.names = 2'000, .rounds = 20};
#endif
}

/// The name of number `n` in the race below.
std::string launch_name(std::size_t n) {
  return "launch-" + std::to_string(n);
}

/// The order in which thread `thread` asks for names 0 to `names` - 1. Even threads go in
/// ascending order, so they keep meeting on a name nobody has numbered yet (a look-up and an
/// insert in two critical sections give it two numbers). Odd threads each go in an order of
/// their own (seeded, so a failure replays), so that different new names are asked for at
/// the same moment (a number chosen under one lock and used under the next is given twice).
std::vector<std::size_t> asking_order(std::size_t thread, std::size_t names, int round) {
  std::vector<std::size_t> order(names);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (thread % 2 == 1) {
    std::mt19937 shuffle(static_cast<std::mt19937::result_type>(thread * 1'000) +
                         static_cast<std::mt19937::result_type>(round));
    std::shuffle(order.begin(), order.end(), shuffle);
  }
  return order;
}

/// One round: all threads ask a fresh index for the same new names, starting together, each in
/// its asking_order(), and now and then read the whole index (names(), size()) while the others
/// write. Returns what each thread was told: numbers[thread][n] is the number thread `thread`
/// got for name n.
std::vector<std::vector<std::size_t>> number_names_together(NameIndex& index, std::size_t names,
                                                            int round) {
  constexpr std::size_t kReadEvery = 64;
  std::vector<std::vector<std::size_t>> numbers(kThreads, std::vector<std::size_t>(names));
  std::latch start(kThreads);
  run_test_threads(kThreads, [&](std::size_t thread) {
    const std::vector<std::size_t> order = asking_order(thread, names, round);
    start.arrive_and_wait();
    for (std::size_t asked = 0; asked < names; ++asked) {
      const std::size_t n = order[asked];
      numbers[thread][n] = index.number_for(launch_name(n));
      if (asked % kReadEvery == thread % kReadEvery) {
        static_cast<void>(index.size());
        static_cast<void>(index.names());  // an unguarded copy races with the inserts
      }
    }
  });
  return numbers;
}

/// Passes when every thread got the same number for each name and the numbers are 0 to the
/// number of names - 1, one per name; otherwise says what went wrong.
::testing::AssertionResult one_number_per_name(
    const NameIndex& index, const std::vector<std::vector<std::size_t>>& numbers) {
  const std::size_t names = numbers.front().size();
  std::set<std::size_t> used;
  for (std::size_t n = 0; n < names; ++n) {
    for (std::size_t thread = 1; thread < kThreads; ++thread) {
      if (numbers[thread][n] != numbers[0][n]) {
        return ::testing::AssertionFailure()
               << "'" << launch_name(n) << "' got number " << numbers[0][n] << " in thread 0 and "
               << numbers[thread][n] << " in thread " << thread
               << ": two threads both found it missing and both gave it a number";
      }
    }
    used.insert(numbers[0][n]);
  }
  if (used.size() != names || *used.rbegin() != names - 1 || index.size() != names) {
    return ::testing::AssertionFailure()
           << names << " names got " << used.size() << " different numbers, and size() is "
           << index.size() << ": each name must get one number of its own, 0 to " << names - 1
           << " (a number chosen under one lock and given out under another goes to two names)";
  }
  const std::vector<std::string> listed = index.names();
  for (std::size_t n = 0; n < names; ++n) {
    if (listed[numbers[0][n]] != launch_name(n)) {
      return ::testing::AssertionFailure()
             << "names()[" << numbers[0][n] << "] is '" << listed[numbers[0][n]] << "', but '"
             << launch_name(n) << "' got that number";
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(NameIndex, EightThreadsAskingAtOnceGiveEachNameOneNumber) {
  const NameRace race = name_race();
  for (int round = 0; round < race.rounds; ++round) {
    NameIndex index;
    const auto numbers = number_names_together(index, race.names, round);
    ASSERT_TRUE(one_number_per_name(index, numbers))
        << "round " << round + 1 << " of " << race.rounds << " (" << race.names << " names)";
  }
}

TEST(DownloadAllSites, TheTotalIsExactWithEightThreads) {
  const conclab::ApiServer server;
  const auto paths = testing::page_paths();
  const std::size_t expected_bytes = testing::total_size_of(server, paths);
  const testing::NewSessions sessions;
  EXPECT_EQ(download_all_sites(server.base_url(), paths, kThreads), expected_bytes)
      << "bytes were lost: is the total added to safely by every thread?";
  EXPECT_EQ(sessions.refused(), 0U) << "a session was used by a thread that did not create it";
}

}  // namespace
}  // namespace lab02
