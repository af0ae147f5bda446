// Lab 05 demo: the seeds' executor examples, run on your ThreadPoolExecutor.
//
// (a) seed 002's load_url with as_completed: pages printed as they arrive, one of them failing;
// (b) seed 002's power_calc table: time against workers 1, 2, 5, 7, 10;
// (c) seed 003's Pool.map on threads: results in the order of the inputs;
// (d) seed 004's one session per worker thread, opened by the initializer;
// (e) shutdown with and without cancelling the tasks still queued;
// (f) a timeline of (b), written as an SVG picture and a Chrome trace.
// Built against the stubs it still runs: each section says what did not happen yet.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "as_completed.hpp"
#include "conclab/timeline.hpp"
#include "future.hpp"
#include "power_calc.hpp"
#include "thread_pool_executor.hpp"
#include "wait.hpp"

namespace {

using namespace std::chrono_literals;
using Millis = std::chrono::duration<double, std::milli>;

void print_heading(std::string_view title, std::string_view what_to_look_for) {
  std::printf("\n%.*s\n  %.*s\n", static_cast<int>(title.size()), title.data(),
              static_cast<int>(what_to_look_for.size()), what_to_look_for.data());
  std::fflush(stdout);
}

/// Runs one section; a part still missing (a stub throws std::logic_error) or anything else
/// that goes wrong is reported, and the demo moves on.
template <typename Section>
void run_section(const Section& section) {
  try {
    section();
  } catch (const std::logic_error& error) {
    std::printf("  (nothing ran: %s)\n", error.what());
  } catch (const std::exception& error) {
    std::printf("  (the section failed: %s)\n", error.what());
  }
  std::fflush(stdout);
}

// ---------------------------------------------------------------- (a) load_url, as_completed

/// A page of seed 002's load_url: how long the "server" takes, and what it answers.
struct Page {
  std::string url;
  std::chrono::milliseconds latency;
  std::size_t bytes;  ///< 0: the request fails
};

/// Stands in for urllib's urlopen(url).read(): waits, then returns the page or throws.
std::string load_url(const Page& page) {
  std::this_thread::sleep_for(page.latency);
  if (page.bytes == 0) {
    throw std::runtime_error("HTTP Error 403: Forbidden");
  }
  return std::string(page.bytes, 'x');
}

void load_urls_as_completed() {
  print_heading("(a) Seed 002: five pages loaded on five workers, printed as they complete",
                "The order is that of the latencies, not of the list; the failure does not stop "
                "the rest.");
  const std::vector<Page> pages = {{"http://news.example/", 60ms, 288'814},
                                   {"http://tv.example/", 30ms, 1'138'977},
                                   {"http://paper.example/", 10ms, 0},
                                   {"http://radio.example/", 45ms, 311'362},
                                   {"http://made-up.example/", 20ms, 64'668}};
  lab05::ThreadPoolExecutor executor(5);
  std::vector<lab05::Future<std::string>> futures;
  for (const auto& page : pages) {
    futures.push_back(executor.submit(load_url, page));
  }
  const auto start = lab05::Clock::now();
  for (const auto& future : lab05::as_completed(futures)) {
    const auto at = std::find(futures.begin(), futures.end(), future) - futures.begin();
    const auto& page = pages[static_cast<std::size_t>(at)];
    const Millis after = lab05::Clock::now() - start;
    try {
      std::printf("  %5.0f ms  %-26s page is %zu bytes\n", after.count(), page.url.c_str(),
                  future.result().size());
    } catch (const std::exception& error) {
      std::printf("  %5.0f ms  %-26s generated an exception: %s\n", after.count(), page.url.c_str(),
                  error.what());
    }
  }
}

// ---------------------------------------------------------------- (b) power_calc table

/// The seed's half second per unit of x, shrunk.
constexpr std::chrono::microseconds kPowerCalcUnit = 20ms;

/// The number of the worker running the calling thread, set by the initializer of (b) and (d).
thread_local int worker_number = -1;

/// An initializer that numbers the workers of one executor 0, 1, 2, ...
lab05::ThreadPoolExecutor::Initializer number_the_workers() {
  auto next = std::make_shared<std::atomic<int>>(0);
  return [next] { worker_number = next->fetch_add(1); };
}

std::string workers_text(std::size_t workers) {
  return std::to_string(workers) + (workers == 1 ? " worker" : " workers");
}

/// Runs power_calc over the seed's values on `workers` workers, each task recorded on
/// `timeline`; returns how long it took.
Millis time_power_calc(std::size_t workers, conclab::Timeline& timeline) {
  const auto start = lab05::Clock::now();
  lab05::ThreadPoolExecutor executor(workers, number_the_workers());
  std::vector<lab05::Future<int>> futures;
  for (const int x : lab05::kPowerCalcValues) {
    futures.push_back(executor.submit([x, workers, &timeline] {
      const auto span =
          timeline.span("x = " + std::to_string(x),
                        workers_text(workers) + ": worker " + std::to_string(worker_number));
      return lab05::power_calc(x, kPowerCalcUnit);
    }));
  }
  for (const auto& future : futures) {
    static_cast<void>(future.result());
  }
  return lab05::Clock::now() - start;
}

void power_calc_table(conclab::Timeline& timeline) {
  print_heading("(b) Seed 002: power_calc(x) waits x units (here 20 ms), then squares x",
                "Time falls as workers are added, until the longest task (x = 10) bounds it.");
  std::printf("  %7s  %10s  %10s\n", "workers", "time", "ideal");
  for (const std::size_t workers : lab05::kPowerCalcWorkers) {
    const Millis took = time_power_calc(workers, timeline);
    const double ideal =
        lab05::power_calc_units(lab05::kPowerCalcValues, workers) * Millis(kPowerCalcUnit).count();
    std::printf("  %7zu  %7.0f ms  %7.0f ms\n", workers, took.count(), ideal);
    std::fflush(stdout);
  }
  std::printf(
      "  The seed measured 26, 13.5, 7.51, 6.41 and 5.01 s with units of 0.5 s: the same "
      "shape.\n");
}

// ---------------------------------------------------------------- (c) Pool.map on threads

void pool_map_on_threads() {
  print_heading("(c) Seed 003: Pool(4).map(urlopen, urls) on threads, as executor.map",
                "Results come back in the order of the inputs, whatever order they finish in.");
  // Later pages answer sooner, so the calls finish in reverse order.
  const std::vector<Page> pages = {{"http://python.example/", 40ms, 50'233},
                                   {"http://yahoo.example/", 30ms, 421'907},
                                   {"http://scala.example/", 20ms, 95'118},
                                   {"http://google.example/", 10ms, 19'866}};
  lab05::ThreadPoolExecutor pool(4);
  const auto results = pool.map(load_url, pages);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::printf("  %-24s %zu bytes\n", pages[i].url.c_str(), results[i].size());
  }
}

// ---------------------------------------------------------------- (d) a session per thread

/// Stands in for a requests.Session: not safe to share between threads, so each has its own.
struct Session {
  int id = 0;
  int requests = 0;
};

/// The calling worker's session (seed 004's thread_local.session), opened by the initializer.
thread_local std::unique_ptr<Session> session;

void one_session_per_thread() {
  print_heading("(d) Seed 004: twenty downloads on five workers, one session per worker",
                "The initializer opens each worker's session once; its tasks reuse it.");
  auto opened = std::make_shared<std::atomic<int>>(0);
  std::vector<int> session_of_download;
  {
    lab05::ThreadPoolExecutor executor(5, [opened] {
      session = std::make_unique<Session>(Session{opened->fetch_add(1) + 1, 0});
    });
    const std::vector<int> sites(20, 0);
    session_of_download = executor.map(
        [](int) {
          std::this_thread::sleep_for(5ms);  // the download
          ++session->requests;
          return session->id;
        },
        sites);
  }
  std::map<int, int> downloads_per_session;
  for (const int id : session_of_download) {
    ++downloads_per_session[id];
  }
  std::printf("  %d sessions opened for %zu downloads:", opened->load(),
              session_of_download.size());
  for (const auto& [id, downloads] : downloads_per_session) {
    std::printf(" session %d did %d;", id, downloads);
  }
  std::printf("\n");
}

// ---------------------------------------------------------------- (e) shutdown

/// Submits ten 20 ms tasks to one worker, shuts down (cancelling or not), and counts the
/// futures that finished and those cancelled.
void shut_down_with_ten_queued(bool cancel_futures) {
  lab05::ThreadPoolExecutor executor(1);
  std::vector<lab05::Future<void>> futures;
  for (int i = 0; i < 10; ++i) {
    futures.push_back(executor.submit([] { std::this_thread::sleep_for(20ms); }));
  }
  std::this_thread::sleep_for(5ms);  // the first task has started
  executor.shutdown(/*wait=*/true, cancel_futures);
  const auto [done, not_done] = lab05::wait(futures, 1s);
  int cancelled = 0;
  for (const auto& future : done) {
    cancelled += future.cancelled() ? 1 : 0;
  }
  std::printf("  shutdown(cancel_futures = %-5s): %zu finished, %d cancelled, %zu never done\n",
              cancel_futures ? "true" : "false", done.size() - static_cast<std::size_t>(cancelled),
              cancelled, not_done.size());
}

void shutdown_with_and_without_cancelling() {
  print_heading("(e) Shutting down with ten tasks accepted, one worker",
                "Without cancelling, every accepted task runs; with it, only the one started.");
  run_section([] { shut_down_with_ten_queued(false); });
  run_section([] { shut_down_with_ten_queued(true); });
}

// ---------------------------------------------------------------- (f) the timeline

/// Where the timeline files go: $CONCLAB_TIMELINE_DIR, or the current directory.
std::filesystem::path timeline_dir() {
  const char* dir = std::getenv("CONCLAB_TIMELINE_DIR");  // NOLINT(concurrency-mt-unsafe)
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir)
                                        : std::filesystem::current_path();
}

bool write_the_timeline(const conclab::Timeline& timeline) {
  print_heading("(f) The timeline of (b)",
                "A row per worker of each run, a bar per power_calc: with 1 worker the bars "
                "queue up,\n  with 10 they all start together and the longest decides.");
  if (timeline.spans().empty()) {
    std::printf("  (no task ran, so there is nothing to draw)\n");
    return true;
  }
  const auto json = timeline_dir() / "lab05-timeline.json";
  const auto svg = timeline_dir() / "lab05-timeline.svg";
  try {
    timeline.write_chrome_trace(json);
    timeline.write_svg(svg, "Lab 05: power_calc on 1, 2, 5, 7 and 10 workers");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "demo: %s (set CONCLAB_TIMELINE_DIR to a folder you can write to)\n",
                 error.what());
    return false;
  }
  std::printf("  Written: %s (open it in a browser)\n           %s (https://ui.perfetto.dev)\n",
              svg.c_str(), json.c_str());
  return true;
}

}  // namespace

int main() {
  std::printf("Lab 05 demo: executors and futures, on your ThreadPoolExecutor.\n");
  run_section(load_urls_as_completed);
  conclab::Timeline timeline;
  run_section([&timeline] { power_calc_table(timeline); });
  run_section(pool_map_on_threads);
  run_section(one_session_per_thread);
  shutdown_with_and_without_cancelling();
  return write_the_timeline(timeline) ? EXIT_SUCCESS : EXIT_FAILURE;
}
