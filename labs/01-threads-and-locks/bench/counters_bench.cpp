// Lab 01 benchmark: the three counters of task 4 at 1, 2, 4 and 8 threads, and the bare
// cost of starting and joining threads with run_threads.
//
// With CONCLAB_TIMELINE_DIR set, it also writes a timeline of one run of each.
//
// Read items/s across the thread counts of one counter: the partial counts should climb
// with threads (up to the number of cores), the mutex and the atomic should not.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "conclab/chrome_trace.hpp"
#include "conclab/gantt_svg.hpp"
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

/// With CONCLAB_TIMELINE_DIR set, one run of each counter at each thread count is recorded, and
/// the timeline is written there (lab01-bench-timeline.json and .svg) when the benchmark ends.
class BenchTimeline {
 public:
  BenchTimeline(const BenchTimeline&) = delete;
  BenchTimeline& operator=(const BenchTimeline&) = delete;
  BenchTimeline(BenchTimeline&&) = delete;
  BenchTimeline& operator=(BenchTimeline&&) = delete;
  ~BenchTimeline() {
    if (!dir_.empty()) {
      conclab::write_chrome_trace(timeline_, dir_ / "lab01-bench-timeline.json");
      conclab::write_gantt_svg(timeline_, dir_ / "lab01-bench-timeline.svg",
                               "Lab 01 benchmark: one run of each counter");
    }
  }

  /// The benchmark's one timeline.
  static BenchTimeline& instance() {
    static BenchTimeline timeline;
    return timeline;
  }

  /// Runs `count` once, recorded on the lane `name`, if timelines were asked for.
  void record(const std::string& name, CountFunction count, std::size_t threads) {
    if (!dir_.empty()) {
      const auto span = timeline_.span(name + ", " + std::to_string(threads) + " threads", name);
      benchmark::DoNotOptimize(count(values(), threads));
    }
  }

 private:
  BenchTimeline() {
    const char* dir = std::getenv("CONCLAB_TIMELINE_DIR");  // NOLINT(concurrency-mt-unsafe)
    dir_ = dir != nullptr ? dir : "";
  }

  std::filesystem::path dir_;
  conclab::Timeline timeline_;
};

/// Times `count` over values() with state.range(0) threads. A counter that gives the wrong
/// answer is reported as an error instead of timed: a fast wrong count measures nothing.
void bench_counter(benchmark::State& state, const std::string& name, CountFunction count) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  if (count(values(), threads) != kExpectedHits) {
    state.SkipWithError("wrong count (is this counter still a stub?)");
    return;
  }
  BenchTimeline::instance().record(name, count, threads);
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

}  // namespace
