// Lab 02 demo: the seeds' shared-state examples, run on your own code against the loopback API
// server (started here, with 20 ms of latency on every record and page).
//
// (a) fills your SatelliteTable with 50 Starlink records on one thread, then (b) on ten, as seed
// 001 did; (c) fills a table of the demo's own that holds its lock while fetching, for contrast;
// (d) downloads 80 pages on five threads with your download_all_sites and shows the session
// each thread had, as seed 004 did; (e) has eight threads number the same names at once with
// your NameIndex; (f) writes the fetches of (a) to (c) as a timeline. Built against the stubs it
// still runs: each section says what did not happen yet.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <latch>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "conclab/api_server.hpp"
#include "conclab/demo_timeline.hpp"
#include "conclab/timeline.hpp"
#include "name_index.hpp"
#include "parallel_for_each.hpp"
#include "satellite.hpp"
#include "satellite_table.hpp"
#include "session.hpp"
#include "session_log.hpp"
#include "thread_session.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// How many satellites (a) to (c) fetch: as many as seed 001 did.
constexpr std::size_t kSatellites = 50;
/// The latency of every record and page.
constexpr auto kLatency = 20ms;

void print_heading(std::string_view title, std::string_view what_to_look_for) {
  std::printf("\n%.*s\n  %.*s\n", static_cast<int>(title.size()), title.data(),
              static_cast<int>(what_to_look_for.size()), what_to_look_for.data());
  std::fflush(stdout);
}

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// A fetch from the server on a new connection per request, as seed 001 used requests.get, that
/// records each request as a span named `what` on the calling thread's row of `timeline`.
lab02::FetchRecord timed_fetch(const std::string& base_url, conclab::Timeline& timeline,
                               const std::string& what) {
  return [base_url, &timeline, what](const std::string& id) {
    const auto span = timeline.span(what + " fetch");  // one colour per section
    httplib::Client client(base_url);
    client.set_read_timeout(10s);
    const httplib::Result result = client.Get(lab02::satellite_path(id));
    if (!result || result->status != 200) {
      throw lab02::FetchError("GET " + lab02::satellite_path(id) + " failed");
    }
    return result->body;
  };
}

/// The ids of the first kSatellites satellites, asked of the server on the main thread with a
/// session of its own that ends here (so that it never holds the server's shutdown back).
std::vector<std::string> fetch_satellite_ids(const std::string& base_url) {
  lab02::Session session;
  return lab02::parse_satellite_ids(
      session.get(base_url, "/starlink?limit=" + std::to_string(kSatellites)));
}

using Entries = std::map<std::string, lab02::SatelliteInfo>;

/// Prints a few of `entries`, or says why there are none.
void print_some_entries(const Entries& entries) {
  if (entries.empty()) {
    std::printf("  (nothing was recorded: is SatelliteTable::fill still a stub?)\n");
    return;
  }
  int shown = 0;
  for (const auto& [id, info] : entries) {
    if (shown++ == 3) {
      break;
    }
    const std::string fate = info.decay_date ? "came down " + *info.decay_date : "still in orbit";
    std::printf("    %s: %s, launched %s, %s\n", id.c_str(), info.object_name.c_str(),
                info.launch_date.c_str(), fate.c_str());
  }
}

/// Fills a fresh table from `ids` on `threads` threads, prints how long it took, and returns its
/// entries.
Entries fill_and_time(const std::vector<std::string>& ids, std::size_t threads,
                      const lab02::FetchRecord& fetch) {
  lab02::SatelliteTable table;
  const auto start = Clock::now();
  try {
    table.fill(ids, threads, fetch);
  } catch (const std::exception& error) {
    std::printf("  fill() threw: %s\n", error.what());
  }
  std::printf("  %zu thread(s): %zu of %zu satellites recorded in %.0f ms\n", threads, table.size(),
              ids.size(), milliseconds_since(start));
  return table.entries();
}

// (a) and (b): seed 001's Starlink calls, one after another, then on threads.
void fill_the_table(const std::vector<std::string>& ids, const std::string& base_url,
                    conclab::Timeline& timeline) {
  print_heading("(a) Your SatelliteTable::fill, on one thread",
                "Each fetch waits 20 ms for the server: 50 of them in a row take a second.");
  const auto one = fill_and_time(ids, 1, timed_fetch(base_url, timeline, "(a)"));
  print_some_entries(one);
  print_heading("(b) Your SatelliteTable::fill, on ten threads",
                "The waits overlap: about a tenth of the time, if the lock is held only to add\n"
                "  each entry. Held during the fetch, it would take as long as (a).");
  const auto ten = fill_and_time(ids, 10, timed_fetch(base_url, timeline, "(b)"));
  if (!ten.empty() && ten != one) {
    std::printf("  WRONG: the two tables differ\n");
  }
}

// (c) What the lock costs when it is held through the slow call.
void fill_holding_the_lock(const std::vector<std::string>& ids, const std::string& base_url,
                           conclab::Timeline& timeline) {
  print_heading("(c) The demo's own fill, on ten threads, holding its lock while fetching",
                "Right answer, but one fetch at a time: the threads queue for the lock.");
  std::mutex mutex;
  std::map<std::string, lab02::SatelliteInfo> entries;
  const auto fetch = timed_fetch(base_url, timeline, "(c)");
  const auto start = Clock::now();
  lab02::parallel_for_each(ids, 10, [&](const std::string& id) {
    const std::scoped_lock lock(mutex);  // the mistake: locked before the fetch
    entries.try_emplace(id, lab02::parse_satellite(fetch(id)));
  });
  std::printf("  10 threads: %zu of %zu satellites recorded in %.0f ms\n", entries.size(),
              ids.size(), milliseconds_since(start));
}

std::string text_of(std::thread::id thread) {
  std::ostringstream text;
  text << thread;
  return text.str();
}

/// "/pages/1" to "/pages/80".
std::vector<std::string> page_paths() {
  std::vector<std::string> paths;
  for (std::size_t page = 1; page <= conclab::kPageCount; ++page) {
    paths.push_back("/pages/" + std::to_string(page));
  }
  return paths;
}

// (d) Seed 004's download_all_sites, a session per thread.
void download_the_site(const std::string& base_url) {
  print_heading("(d) Your download_all_sites: 80 pages on 5 threads, one session per thread",
                "Each thread that downloads creates one session and reuses it for every page.");
  const std::size_t sessions_before = lab02::session_log().records().size();
  const auto start = Clock::now();
  try {
    const std::size_t bytes = lab02::download_all_sites(base_url, page_paths(), 5);
    std::printf("  %zu bytes downloaded in %.0f ms\n", bytes, milliseconds_since(start));
  } catch (const std::exception& error) {
    std::printf("  download_all_sites() threw: %s\n", error.what());
  }
  const auto records = lab02::session_log().records();
  if (records.size() == sessions_before) {
    std::printf("  (no session was created: is download_all_sites still a stub?)\n");
  }
  for (std::size_t number = sessions_before; number < records.size(); ++number) {
    const lab02::SessionRecord& record = records[number];
    std::printf("  session %zu: created by thread %s, %zu request(s), %zu refused, %s\n", number,
                text_of(record.owner).c_str(), record.requests, record.refused,
                record.alive ? "still alive" : "destroyed with its thread");
  }
}

// (e) The check-then-act of task 3, provoked.
void number_names_together() {
  constexpr std::size_t kThreads = 8;
  constexpr std::size_t kNames = 2'000;
  constexpr int kRounds = 5;
  print_heading("(e) Your NameIndex: 8 threads number the same 2,000 new names at once",
                "Every name must get one number. A check-then-act bug gives some names two.");
  for (int round = 1; round <= kRounds; ++round) {
    lab02::NameIndex index;
    std::latch start(kThreads);
    {
      std::vector<std::jthread> threads;
      for (std::size_t thread = 0; thread < kThreads; ++thread) {
        threads.emplace_back([&] {
          start.arrive_and_wait();
          for (std::size_t n = 0; n < kNames; ++n) {
            index.number_for("name-" + std::to_string(n));
          }
        });
      }
    }
    const std::size_t extra = index.size() - kNames;
    std::printf("  round %d: %zu names, %zu numbers handed out%s\n", round, kNames, index.size(),
                extra == 0 ? "" : "  <- some names got more than one number");
  }
}

// (f) When did each fetch of (a) to (c) run, and on which thread?
bool write_the_timeline(const conclab::Timeline& timeline) {
  print_heading("(f) The timeline of (a) to (c)",
                "A row per thread, a bar per fetch. In (b) the bars of ten threads stand side by\n"
                "  side; in (c) they form a staircase, one thread at a time.");
  return conclab::write_demo_timeline(
      timeline, "lab02-timeline",
      "Lab 02: the fetches of (a) one thread, (b) ten, (c) ten under a lock");
}

}  // namespace

int main() {
  std::printf("Lab 02 demo: shared state, against a loopback API server with %lld ms latency.\n",
              static_cast<long long>(kLatency.count()));
  conclab::ApiServer server({.path_latencies = {{"/starlink/*", conclab::Latency::fixed(kLatency)},
                                                {"/pages/*", conclab::Latency::fixed(kLatency)}}});
  const std::vector<std::string> ids = fetch_satellite_ids(server.base_url());
  conclab::Timeline timeline;
  fill_the_table(ids, server.base_url(), timeline);
  fill_holding_the_lock(ids, server.base_url(), timeline);
  download_the_site(server.base_url());
  number_names_together();
  return write_the_timeline(timeline) ? EXIT_SUCCESS : EXIT_FAILURE;
}
