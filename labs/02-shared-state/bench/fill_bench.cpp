// Lab 02 benchmark, against the loopback API server:
// - BM_Fill: your SatelliteTable::fill of 100 satellites (10 ms of latency each) at 1 to 32
//   threads;
// - BM_FillHoldingTheLock: the same, by a fill of the benchmark's own that holds its lock while
//   fetching (the mistake task 1 is about);
// - BM_DownloadAllSites: your download_all_sites of 80 pages, one session per thread, and
//   BM_DownloadNewSessionPerPage: the same with a new session (a new connection) for each page,
//   both without latency, so that what they cost shows.
//
// Read real_time across thread counts, and the counter x_ideal: the time over the ideal,
// ceil(items / threads) x 10 ms, for the fills (1.0 is perfect overlap).
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "conclab/api_server.hpp"
#include "parallel_for_each.hpp"
#include "satellite.hpp"
#include "satellite_table.hpp"
#include "session.hpp"
#include "thread_session.hpp"

namespace {

using namespace std::chrono_literals;

constexpr auto kLatency = 10ms;

/// The server of the fills: 10 ms of latency on every satellite record.
conclab::ApiServer& slow_server() {
  static conclab::ApiServer server(
      {.path_latencies = {{"/starlink/*", conclab::Latency::fixed(kLatency)}}});
  return server;
}

/// The server of the downloads: no latency, so that the cost of connecting shows.
conclab::ApiServer& fast_server() {
  static conclab::ApiServer server;
  return server;
}

std::vector<std::string> all_satellite_ids() {
  std::vector<std::string> ids;
  for (const conclab::Satellite& satellite : slow_server().datasets().satellites()) {
    ids.push_back(satellite.id);
  }
  return ids;
}

std::vector<std::string> page_paths() {
  std::vector<std::string> paths;
  for (std::size_t page = 1; page <= conclab::kPageCount; ++page) {
    paths.push_back("/pages/" + std::to_string(page));
  }
  return paths;
}

/// A fetch on a new connection per request: safe from any number of threads.
lab02::FetchRecord fetch_from(const std::string& base_url) {
  return [base_url](const std::string& id) {
    httplib::Client client(base_url);
    client.set_read_timeout(30s);
    const httplib::Result result = client.Get(lab02::satellite_path(id));
    if (!result || result->status != 200) {
      throw lab02::FetchError("GET " + lab02::satellite_path(id) + " failed");
    }
    return result->body;
  };
}

/// Sets the x_ideal counter: the time per iteration over ceil(items / threads) x latency.
void report_against_ideal(benchmark::State& state, std::size_t items, std::size_t threads,
                          double seconds) {
  const auto rounds = static_cast<double>((items + threads - 1) / threads);
  const double ideal = rounds * std::chrono::duration<double>(kLatency).count();
  state.counters["x_ideal"] =
      benchmark::Counter(seconds / ideal / static_cast<double>(state.iterations()));
}

/// Times `fill(ids, threads)`, which must record every satellite.
template <typename Fill>
void bench_fill(benchmark::State& state, const Fill& fill) {
  static const std::vector<std::string> ids = all_satellite_ids();
  const auto threads = static_cast<std::size_t>(state.range(0));
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const std::size_t recorded = fill(ids, threads);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (recorded != ids.size()) {
      state.SkipWithError("not every satellite was recorded (is fill still a stub?)");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ids.size()));
  report_against_ideal(state, ids.size(), threads, seconds);
}

void BM_Fill(benchmark::State& state) {
  bench_fill(state, [](const std::vector<std::string>& ids, std::size_t threads) {
    lab02::SatelliteTable table;
    table.fill(ids, threads, fetch_from(slow_server().base_url()));
    return table.size();
  });
}

void BM_FillHoldingTheLock(benchmark::State& state) {
  bench_fill(state, [](const std::vector<std::string>& ids, std::size_t threads) {
    std::mutex mutex;
    std::map<std::string, lab02::SatelliteInfo> entries;
    const auto fetch = fetch_from(slow_server().base_url());
    lab02::parallel_for_each(ids, threads, [&](const std::string& id) {
      const std::scoped_lock lock(mutex);  // the mistake: held through the fetch
      entries.try_emplace(id, lab02::parse_satellite(fetch(id)));
    });
    return entries.size();
  });
}

BENCHMARK(BM_Fill)->RangeMultiplier(2)->Range(1, 32)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FillHoldingTheLock)
    ->Arg(1)
    ->Arg(4)
    ->Arg(16)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

/// Times `download(paths, threads)`, which returns the bytes downloaded.
template <typename Download>
void bench_download(benchmark::State& state, const Download& download) {
  static const std::vector<std::string> paths = page_paths();
  const auto threads = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    if (download(paths, threads) == 0) {
      state.SkipWithError("nothing was downloaded (is download_all_sites still a stub?)");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(paths.size()));
}

void BM_DownloadAllSites(benchmark::State& state) {
  bench_download(state, [](const std::vector<std::string>& paths, std::size_t threads) {
    return lab02::download_all_sites(fast_server().base_url(), paths, threads);
  });
}

void BM_DownloadNewSessionPerPage(benchmark::State& state) {
  bench_download(state, [](const std::vector<std::string>& paths, std::size_t threads) {
    std::atomic<std::size_t> bytes = 0;
    lab02::parallel_for_each(paths, threads, [&](const std::string& path) {
      lab02::Session session;  // a new connection for every page
      bytes += session.get(fast_server().base_url(), path).size();
    });
    return bytes.load();
  });
}

BENCHMARK(BM_DownloadAllSites)->Arg(1)->Arg(5)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DownloadNewSessionPerPage)
    ->Arg(1)
    ->Arg(5)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
