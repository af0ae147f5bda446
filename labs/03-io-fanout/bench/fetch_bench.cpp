// Lab 03 benchmark: how close the pooled fetch comes to the ideal wall time.
//
// Every answer takes 20 ms, so N requests on T threads need at least ceil(N / T) rounds of
// 20 ms: the ideal. The counter `of_ideal` is ideal / measured wall time (1.0 is perfect; the
// target is 0.9 or more), `best_of_ideal` the same for the fastest run. The curve goes from 1
// to 64 threads (and 100) and up to 1000 requests. The runs without latency measure what a
// request costs the client and the server on this machine, the part above the ideal.
// Run it in a Release build:
//   build/release/labs/03-io-fanout/solution/bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "conclab/api_server.hpp"
#include "fetch_all.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kLatency = 20ms;

/// `count` paths of records the server holds ("/connections/{id}", repeating after 973).
std::vector<std::string> record_paths(const conclab::ApiServer& server, std::size_t count) {
  const auto& connections = server.datasets().connections();
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < count; ++i) {
    paths.push_back("/connections/" + std::to_string(connections[i % connections.size()].id));
  }
  return paths;
}

/// Whether every outcome is ok: a fast wrong fetch measures nothing.
bool all_ok(const std::vector<lab03::FetchOutcome>& outcomes, std::size_t expected) {
  return outcomes.size() == expected &&
         std::all_of(outcomes.begin(), outcomes.end(),
                     [](const lab03::FetchOutcome& outcome) { return outcome.ok(); });
}

/// Times `fetch` (which fetches `paths` against `server`) once per iteration, after one
/// untimed run that checks it, and reports the wall time per run and its ratio to `ideal`.
template <typename Fetch>
void measure(benchmark::State& state, conclab::ApiServer& server,
             const std::vector<std::string>& paths, Clock::duration ideal, const Fetch& fetch) {
  if (!all_ok(fetch(server.base_url(), paths), paths.size())) {
    state.SkipWithError("some requests failed or were missing (is fetch_all still a stub?)");
    return;
  }
  server.reset_stats();
  double total_ms = 0;
  double best_ms = 1e12;
  for (auto _ : state) {
    const auto begin = Clock::now();
    benchmark::DoNotOptimize(fetch(server.base_url(), paths));
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
    state.SetIterationTime(ms / 1e3);
    total_ms += ms;
    best_ms = std::min(best_ms, ms);
  }
  const double ideal_ms = std::chrono::duration<double, std::milli>(ideal).count();
  const double mean_ms = total_ms / static_cast<double>(state.iterations());
  state.counters["wall_ms"] = mean_ms;
  state.counters["ideal_ms"] = ideal_ms;
  if (ideal_ms > 0) {
    state.counters["of_ideal"] = ideal_ms / mean_ms;
    state.counters["best_of_ideal"] = ideal_ms / best_ms;
  }
  state.counters["max_in_flight"] = static_cast<double>(server.stats().max_in_flight);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(paths.size()));
}

/// fetch_all of N = range(0) requests with T = range(1) threads, every answer after `latency`.
void run_pooled(benchmark::State& state, std::chrono::milliseconds latency) {
  const auto requests = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<std::size_t>(state.range(1));
  conclab::ApiServer server({.latency = conclab::Latency::fixed(latency)});
  const auto paths = record_paths(server, requests);
  const auto rounds = static_cast<long>((requests + threads - 1) / threads);
  measure(state, server, paths, latency * rounds,
          [threads](const std::string& url, const std::vector<std::string>& some) {
            return lab03::fetch_all(url, some, threads);
          });
}

void BM_FetchAll(benchmark::State& state) {
  run_pooled(state, kLatency);
}

/// The curve: 1 to 64 threads for 50 requests, then more requests on more threads (fewer
/// threads than below would make a run of 1000 take seconds).
void curve(benchmark::internal::Benchmark* family) {
  for (const long threads : {1, 2, 4, 8, 10, 16, 32, 50, 64}) {
    family->Args({50, threads});
  }
  for (const long threads : {8, 16, 32, 64}) {
    family->Args({200, threads});
  }
  for (const long threads : {16, 32, 64, 100}) {
    family->Args({1000, threads});
  }
}

BENCHMARK(BM_FetchAll)
    ->ArgNames({"requests", "threads"})
    ->Apply(curve)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

/// The seed's loop: 50 requests one after another (ideal 50 x 20 ms).
void BM_FetchAllSequential(benchmark::State& state) {
  const auto requests = static_cast<std::size_t>(state.range(0));
  conclab::ApiServer server({.latency = conclab::Latency::fixed(kLatency)});
  const auto paths = record_paths(server, requests);
  measure(state, server, paths, kLatency * static_cast<long>(requests),
          [](const std::string& url, const std::vector<std::string>& some) {
            return lab03::fetch_all_sequential(url, some);
          });
}

BENCHMARK(BM_FetchAllSequential)
    ->ArgName("requests")
    ->Arg(50)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

/// No latency at all: what 1000 requests cost the client and the server (items/s is requests
/// per second), which is what the pooled runs above lose against the ideal.
void BM_FetchAllWithoutLatency(benchmark::State& state) {
  run_pooled(state, 0ms);
}

BENCHMARK(BM_FetchAllWithoutLatency)
    ->ArgNames({"requests", "threads"})
    ->Args({1000, 1})
    ->Args({1000, 2})
    ->Args({1000, 10})
    ->Args({1000, 100})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

}  // namespace
