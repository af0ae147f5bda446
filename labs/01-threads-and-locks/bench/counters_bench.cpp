// Lab 01 benchmark: the three counters of task 4 at 1, 2, 4 and 8 threads, and the bare
// cost of starting and joining threads with run_threads.
//
// Read items/s across the thread counts of one counter: the partial counts should climb
// with threads (up to the number of cores), the mutex and the atomic should not.
//
// With CONCLAB_TIMELINE_DIR set, once the measurements are done it runs each counter that was
// measured once more at each thread count, back to back, and writes those runs as a timeline
// (lab01-bench-timeline.json and .svg) into that folder.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "conclab/timeline.hpp"
#include "counters.hpp"
#include "hit_data.hpp"
#include "threads.hpp"

namespace {

constexpr std::size_t kValues = 4'000'000;

/// 0, 1, ..., kValues - 1, built on first use and shared by every benchmark.
const std::vector<int>& values() {
  static const std::vector<int> values = lab01::testing::consecutive_values(kValues);
  return values;
}

/// The hits among values(): 0, 3, 6, ...
constexpr long kExpectedHits = lab01::testing::hits_in_consecutive(kValues);

using CountFunction = long (*)(std::span<const int>, std::size_t);

/// One counter at one thread count, as a benchmark measured it.
struct CounterRun {
  std::string counter;
  CountFunction count = nullptr;
  std::size_t threads = 0;

  bool operator==(const CounterRun& other) const {
    return counter == other.counter && threads == other.threads;
  }
};

/// The counter runs the benchmarks measured, each once, in the order they were measured. Only
/// the benchmark's main thread touches it: the benchmarks here run one at a time.
std::vector<CounterRun>& measured_runs() {
  static std::vector<CounterRun> runs;
  return runs;
}

void remember_run(const CounterRun& run) {
  auto& runs = measured_runs();
  if (std::ranges::find(runs, run) == runs.end()) {  // Google Benchmark calls a case repeatedly
    runs.push_back(run);
  }
}

/// Times `count` over values() with state.range(0) threads. A counter that gives the wrong
/// answer is reported as an error instead of timed: a fast wrong count measures nothing.
void bench_counter(benchmark::State& state, const std::string& name, CountFunction count) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  if (count(values(), threads) != kExpectedHits) {
    state.SkipWithError("wrong count (is this counter still a stub?)");
    return;
  }
  remember_run({name, count, threads});
  for (auto _ : state) {
    long hits = count(values(), threads);
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kValues));
}

void BM_CountWithMutex(benchmark::State& state) {
  bench_counter(state, "mutex", lab01::count_hits_with_mutex);
}

void BM_CountWithAtomic(benchmark::State& state) {
  bench_counter(state, "atomic", lab01::count_hits_with_atomic);
}

void BM_CountWithPartials(benchmark::State& state) {
  bench_counter(state, "partial counts", lab01::count_hits_with_partials);
}

/// 1, 2, 4 and 8 threads, timed on the wall clock: the work happens on the threads that
/// run_threads starts, so the CPU time of the benchmark's own thread would hide almost all of it.
void at_1_2_4_8_threads(benchmark::internal::Benchmark* family) {
  family->Arg(1)->Arg(2)->Arg(4)->Arg(8)->UseRealTime();
}

BENCHMARK(BM_CountWithMutex)->Apply(at_1_2_4_8_threads)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountWithAtomic)->Apply(at_1_2_4_8_threads)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CountWithPartials)->Apply(at_1_2_4_8_threads)->Unit(benchmark::kMillisecond);

/// What run_threads itself costs: starting and joining threads whose body does nothing.
/// Items are threads, so items/s is how many threads per second can be started and joined.
void BM_RunThreads(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  std::atomic<std::size_t> ran = 0;
  lab01::run_threads(threads, [&](std::size_t) { ++ran; });
  if (ran.load() != threads) {
    state.SkipWithError("the body did not run once per thread (is run_threads still a stub?)");
    return;
  }
  for (auto _ : state) {
    lab01::run_threads(threads, [](std::size_t) {});
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_RunThreads)->Apply(at_1_2_4_8_threads)->Unit(benchmark::kMicrosecond);

/// Where the timeline goes: $CONCLAB_TIMELINE_DIR, or nothing when it is not set.
std::optional<std::filesystem::path> timeline_dir() {
  const char* dir = std::getenv("CONCLAB_TIMELINE_DIR");  // NOLINT(concurrency-mt-unsafe)
  if (dir == nullptr || *dir == '\0') {
    return std::nullopt;
  }
  return std::filesystem::path(dir);
}

/// Runs each measured counter run once more, back to back, each on its counter's row and named
/// by its thread count (so that a colour means a thread count), and writes the timeline into
/// `dir`. Returns false, saying why, when the files cannot be written.
bool write_timeline_of_measured_runs(const std::filesystem::path& dir) {
  conclab::Timeline timeline;
  for (const CounterRun& run : measured_runs()) {
    const auto span = timeline.span(
        std::to_string(run.threads) + (run.threads == 1 ? " thread" : " threads"), run.counter);
    benchmark::DoNotOptimize(run.count(values(), run.threads));
  }
  const auto json = dir / "lab01-bench-timeline.json";
  const auto svg = dir / "lab01-bench-timeline.svg";
  try {
    timeline.write_chrome_trace(json);
    timeline.write_svg(svg, "Lab 01 benchmark: one run of each counter, back to back");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench: %s\n", error.what());
    return false;
  }
  std::printf("Timeline of one run of each counter: %s and %s\n", svg.c_str(), json.c_str());
  std::printf("Open the .json in https://ui.perfetto.dev to zoom in and measure.\n");
  return true;
}

}  // namespace

// The benchmark's own main, instead of benchmark_main's, so that it can write the timeline
// after the measurements (the linker takes benchmark_main's main only when there is none).
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return EXIT_FAILURE;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  const auto dir = timeline_dir();
  if (dir && !write_timeline_of_measured_runs(*dir)) {
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
