// Lab 03 demo: the seed notebooks' network examples, run on your code against a local API
// server whose every answer takes 20 ms.
//
// (a) prints seed 000 (whitelabel connections), seed 001 (Starlink records) and seed 004
// (download_site, 80 pages), each fetched one request after another and with a pool, times
// side by side; (b) shows seed 001's timing slip; (c) replays seed 002's load_url with two
// addresses that fail; (d) writes every request of (a) as a timeline. Built against the
// stubs it still runs, and says what was not fetched.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "client.hpp"
#include "conclab/api_server.hpp"
#include "conclab/demo_timeline.hpp"
#include "conclab/timeline.hpp"
#include "connections.hpp"
#include "fetch_all.hpp"
#include "fetch_one.hpp"
#include "starlink.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = conclab::Timeline::Clock;

/// How long the server takes to answer every request.
constexpr auto kLatency = 20ms;

/// The timeline row of the demo's whole runs (one bar per fetch, sequential or pooled).
constexpr const char* kRunsLane = "whole fetches";

double milliseconds(Clock::duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

void print_heading(std::string_view title, std::string_view what_to_look_for) {
  std::printf("\n%.*s\n  %.*s\n", static_cast<int>(title.size()), title.data(),
              static_cast<int>(what_to_look_for.size()), what_to_look_for.data());
}

/// Options whose observer records every request on `timeline`, on the row of the thread that
/// sent it.
lab03::FetchOptions recording_on(conclab::Timeline& timeline) {
  return {.on_fetched = [&timeline](const lab03::FetchOutcome& outcome, Clock::time_point begin,
                                    Clock::time_point end) {
    timeline.record(outcome.path, begin, end);
  }};
}

/// What one version of an example fetched: how long it took, how many records, failures, and
/// a text that must be equal between the two versions.
struct Run {
  Clock::duration took{};
  std::size_t records = 0;
  std::size_t failures = 0;
  std::string fingerprint;
};

/// One seed example: its name, how many requests it makes, how many threads its pool has,
/// and how to run it with a given number of threads.
struct Example {
  std::string name;
  std::size_t requests = 0;
  std::size_t threads = 0;
  std::function<Run(std::size_t threads)> run;
};

/// Runs `example` once with `threads` threads, timed, and records it on the runs row.
Run timed(const Example& example, std::size_t threads, conclab::Timeline& timeline) {
  const auto begin = Clock::now();
  Run run = example.run(threads);
  const auto end = Clock::now();
  run.took = end - begin;
  timeline.record(example.name + (threads == 1 ? ", one by one" : ", pooled"), begin, end,
                  kRunsLane);
  return run;
}

Example connections_example(const std::string& url, const lab03::FetchOptions& options) {
  return {"000 connections of 22 whitelabels", 1 + conclab::kWhitelabelCount, 8,
          [url, options](std::size_t threads) {
            const lab03::ConnectionList list = lab03::fetch_connections(url, threads, options);
            std::string fingerprint;
            for (const nlohmann::json& connection : list.connections) {
              fingerprint += connection.dump();
            }
            return Run{{}, list.connections.size(), list.failures.size(), fingerprint};
          }};
}

Example starlink_example(const std::string& url, const lab03::FetchOptions& options) {
  return {"001 Starlink, 50 satellites", 51, 10, [url, options](std::size_t threads) {
            const lab03::SatelliteTable table = lab03::fetch_satellites(url, 50, threads, options);
            std::string fingerprint;
            for (const auto& [id, info] : table.sat_info) {
              fingerprint +=
                  id + info.object_name + info.launch_date + info.decay_date.value_or("-");
            }
            return Run{{}, table.sat_info.size(), table.failures.size(), fingerprint};
          }};
}

Example download_site_example(const std::string& url, const lab03::FetchOptions& options) {
  std::vector<std::string> paths;
  for (std::size_t page = 1; page <= conclab::kPageCount; ++page) {
    paths.push_back("/pages/" + std::to_string(page));
  }
  return {"004 download_site, 80 pages", paths.size(), 5,
          [url, options, paths](std::size_t threads) {
            Run run;
            for (const lab03::FetchOutcome& outcome :
                 lab03::fetch_paths(url, paths, threads, options)) {
              if (outcome.ok()) {
                ++run.records;
                run.fingerprint += outcome.body.dump();
              } else {
                ++run.failures;
              }
            }
            return run;
          }};
}

/// Prints one line of the table of (a).
void print_row(const Example& example, const Run& one_by_one, const Run& pooled) {
  std::printf("  %-34s %8zu %9.0f ms %9.0f ms (%2zu threads)", example.name.c_str(),
              example.requests, milliseconds(one_by_one.took), milliseconds(pooled.took),
              example.threads);
  if (one_by_one.records == 0 && pooled.records == 0) {
    std::printf("  nothing fetched (still a stub?)\n");
    return;
  }
  const double speedup = milliseconds(one_by_one.took) / std::max(milliseconds(pooled.took), 1e-3);
  std::printf(" %5.1fx  %zu records%s", speedup, pooled.records,
              one_by_one.fingerprint == pooled.fingerprint ? ", the same both ways"
                                                           : ", DIFFERENT from one by one");
  if (one_by_one.failures + pooled.failures > 0) {
    std::printf(", %zu + %zu failed", one_by_one.failures, pooled.failures);
  }
  std::printf("\n");
}

// (a) Seeds 000, 001 and 004: each example one request after another, then with a pool.
void one_by_one_and_pooled(const std::string& url, conclab::Timeline& timeline) {
  print_heading("(a) One request after another, then with a pool of threads",
                "Every answer takes 20 ms. One by one, the times add up; a pool of T threads\n"
                "  waits for T answers at once, so it needs about ceil(requests / T) x 20 ms.");
  std::printf("  %-34s %8s %12s %24s\n", "example", "requests", "one by one", "pooled");
  const lab03::FetchOptions options = recording_on(timeline);
  for (const Example& example : {connections_example(url, options), starlink_example(url, options),
                                 download_site_example(url, options)}) {
    const Run one_by_one = timed(example, 1, timeline);
    const Run pooled = timed(example, example.threads, timeline);
    print_row(example, one_by_one, pooled);
  }
}

// (b) Seed 001 stopped its clock right after starting its threads. The same mistake, made on
// purpose with the demo's own threads (one per record, as in the seed), next to the right way.
void timing_slip(const std::string& url, const conclab::ApiServer& server) {
  print_heading("(b) Seed 001's timing slip: when is the work done?",
                "50 threads, one request each. The clock read right after starting them says\n"
                "  almost nothing was spent; only after joining them is every answer in.");
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < 50; ++i) {
    paths.push_back(lab03::satellite_path(server.datasets().satellites()[i].id));
  }
  std::vector<lab03::FetchOutcome> outcomes(paths.size());
  const auto begin = Clock::now();
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client = lab03::make_client(url, {});
      outcomes[i] = lab03::fetch_one(client, paths[i], {});
    });
  }
  const auto started = Clock::now();
  const std::size_t in_flight = server.stats().requests_in_flight;
  for (std::thread& thread : threads) {
    thread.join();
  }
  const auto joined = Clock::now();
  const auto answered =
      std::count_if(outcomes.begin(), outcomes.end(),
                    [](const lab03::FetchOutcome& outcome) { return outcome.ok(); });
  std::printf(
      "  timed after starting the threads (the seed's way): %7.1f ms, %zu requests in flight\n",
      milliseconds(started - begin), in_flight);
  std::printf("  timed after joining them:                          %7.1f ms, %td of 50 answered\n",
              milliseconds(joined - begin), answered);
}

// (c) Seed 002's load_url: five addresses, one of them refused, one that does not exist.
void load_url(const std::string& url) {
  print_heading("(c) Seed 002's load_url: every address reported, failed or not",
                "Each failure is an outcome with its cause; it takes no other result with it.");
  const std::vector<std::string> paths = {"/pages/1", "/pages/2", "/pages/3", "/pages/404",
                                          "/pages/5"};
  const auto outcomes = lab03::fetch_all(url, paths, 5);
  if (outcomes.empty()) {
    std::printf("  (fetch_all is still a stub: nothing was fetched)\n");
    return;
  }
  for (const lab03::FetchOutcome& outcome : outcomes) {
    if (outcome.ok()) {
      std::printf("  '%s' page is %zu bytes\n", outcome.path.c_str(), outcome.body.dump().size());
    } else {
      std::printf("  '%s' failed: %s\n", outcome.path.c_str(), lab03::describe(outcome).c_str());
    }
  }
}

// (d) Every request of (a) on the row of the thread that sent it. Returns false if the files
// cannot be written.
bool write_the_timeline(const conclab::Timeline& timeline) {
  print_heading("(d) The timeline of (a)",
                "One bar per request, on the row of the thread that sent it: one by one, they\n"
                "  follow each other on the main thread's row; pooled, they stand side by side on\n"
                "  the workers' rows. The top row has one bar per whole fetch.");
  if (timeline.spans().size() <= 6) {
    std::printf("  (no request was recorded: the fetches are still stubs)\n");
  }
  return conclab::write_demo_timeline(timeline, "lab03-timeline",
                                      "Lab 03: every request of (a), one by one and pooled");
}

}  // namespace

int main() {
  std::printf("Lab 03 demo: I/O fan-out against a local API server (every answer takes %lld ms).\n",
              static_cast<long long>(kLatency.count()));
  conclab::ApiServer server({.latency = conclab::Latency::fixed(kLatency)});
  const std::string url = server.base_url();
  conclab::Timeline timeline;
  one_by_one_and_pooled(url, timeline);
  timing_slip(url, server);
  server.add_failure({"/pages/3", conclab::FailureKind::forbidden});  // as the seed's 403
  load_url(url);
  return write_the_timeline(timeline) ? EXIT_SUCCESS : EXIT_FAILURE;
}
