// Lab 10 benchmark (numbers only, never pass/fail; build in release):
//  - Monte Carlo pi, your estimate_pi() against the same block loop under OpenMP
//    (`parallel for reduction`), on 1 and 2 threads: the hit counts are equal, so the times
//    compare the threading alone;
//  - a sum of squares over doubles (seed 004's kernel) plain, with `omp simd`, with
//    `omp parallel for simd` on 2 threads, and with Highway's explicit SIMD: what vectorisation
//    adds on top of, or instead of, threads (seed 003's "Vectorization").
//
// The Highway part is compiled once per SIMD target (SSE4, AVX2, AVX-512...) and the best one
// for this CPU is chosen at run time: that is what the self-inclusion below does.
#undef HWY_TARGET_INCLUDE
// Found through the lab's tests/ folder, which is on the benchmark's include path.
#define HWY_TARGET_INCLUDE "../bench/cpu_bench.cpp"  // NOLINT(bugprone-suspicious-include)
#include <hwy/foreach_target.h>                      // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace lab10_bench::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// The sum of x * x over `values` (`count` of them), a vector of lanes at a time.
double SumOfSquaresHighway(const double* HWY_RESTRICT values, size_t count) {
  const hn::ScalableTag<double> d;
  const size_t lanes = hn::Lanes(d);
  auto sum0 = hn::Zero(d);
  auto sum1 = hn::Zero(d);  // two accumulators: the additions of one do not wait on the other
  size_t i = 0;
  for (; i + 2 * lanes <= count; i += 2 * lanes) {
    const auto a = hn::LoadU(d, values + i);
    const auto b = hn::LoadU(d, values + i + lanes);
    sum0 = hn::MulAdd(a, a, sum0);
    sum1 = hn::MulAdd(b, b, sum1);
  }
  double total = hn::GetLane(hn::SumOfLanes(d, hn::Add(sum0, sum1)));
  for (; i < count; ++i) {
    total += values[i] * values[i];
  }
  return total;
}

}  // namespace lab10_bench::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "monte_carlo_pi.hpp"
#include "rng.hpp"
#include "work_split.hpp"

namespace lab10_bench {
HWY_EXPORT(SumOfSquaresHighway);

namespace {

constexpr std::uint64_t kSamples = 400 * lab10::kPiBlockSize;  // about 6.5 million points
constexpr std::uint64_t kSeed = 2026;

void BM_PiYours(benchmark::State& state) {
  const auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(lab10::estimate_pi(kSamples, kSeed, threads));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kSamples));
}
BENCHMARK(BM_PiYours)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

/// The same blocks and streams as estimate_pi, shared out by OpenMP.
lab10::PiResult pi_openmp(std::uint64_t samples, std::uint64_t seed, int threads) {
  const auto blocks =
      static_cast<std::int64_t>((samples + lab10::kPiBlockSize - 1) / lab10::kPiBlockSize);
  std::uint64_t hits = 0;
#pragma omp parallel for num_threads(threads) reduction(+ : hits) schedule(dynamic, 4)
  for (std::int64_t block = 0; block < blocks; ++block) {
    const auto first = static_cast<std::uint64_t>(block) * lab10::kPiBlockSize;
    const std::uint64_t count = std::min(lab10::kPiBlockSize, samples - first);
    auto generator = lab10::Xoshiro256ss::stream(seed, static_cast<std::uint64_t>(block));
    for (std::uint64_t i = 0; i < count; ++i) {
      const double x = generator.next_double();
      const double y = generator.next_double();
      hits += (x * x + y * y <= 1.0) ? 1 : 0;
    }
  }
  return {samples, hits};
}

void BM_PiOpenMP(benchmark::State& state) {
  const auto threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(pi_openmp(kSamples, kSeed, threads));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kSamples));
}
BENCHMARK(BM_PiOpenMP)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// ---- Sum of squares over doubles ----------------------------------------------------------

const std::vector<double>& squares_input() {
  static const std::vector<double> values = [] {
    std::vector<double> v(1U << 22U);  // 4 Mi doubles, 32 MiB: bigger than the caches
    lab10::Xoshiro256ss generator(7);
    for (double& x : v) {
      x = generator.next_double();
    }
    return v;
  }();
  return values;
}

void set_bytes(benchmark::State& state) {
  const auto bytes = static_cast<std::int64_t>(squares_input().size() * sizeof(double));
  state.SetBytesProcessed(state.iterations() * bytes);
}

/// A plain loop. GCC keeps the additions in order without -ffast-math (floating-point addition
/// is not associative), so this is not vectorised.
__attribute__((noinline)) double sum_plain(const std::vector<double>& values) {
  double sum = 0;
  for (const double x : values) {
    sum += x * x;
  }
  return sum;
}

/// `omp simd reduction` allows the reordering: partial sums in each SIMD lane.
__attribute__((noinline)) double sum_omp_simd(const std::vector<double>& values) {
  double sum = 0;
  const double* data = values.data();
  const auto n = static_cast<std::int64_t>(values.size());
#pragma omp simd reduction(+ : sum)
  for (std::int64_t i = 0; i < n; ++i) {
    sum += data[i] * data[i];
  }
  return sum;
}

/// Threads and SIMD together.
__attribute__((noinline)) double sum_omp_parallel_simd(const std::vector<double>& values,
                                                       int threads) {
  double sum = 0;
  const double* data = values.data();
  const auto n = static_cast<std::int64_t>(values.size());
#pragma omp parallel for simd num_threads(threads) reduction(+ : sum)
  for (std::int64_t i = 0; i < n; ++i) {
    sum += data[i] * data[i];
  }
  return sum;
}

void BM_SquaresPlain(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(sum_plain(squares_input()));
  }
  set_bytes(state);
}
BENCHMARK(BM_SquaresPlain)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_SquaresOmpSimd(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(sum_omp_simd(squares_input()));
  }
  set_bytes(state);
}
BENCHMARK(BM_SquaresOmpSimd)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_SquaresOmpParallelSimd(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(sum_omp_parallel_simd(squares_input(), 2));
  }
  set_bytes(state);
}
BENCHMARK(BM_SquaresOmpParallelSimd)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_SquaresHighway(benchmark::State& state) {
  const std::vector<double>& values = squares_input();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        HWY_DYNAMIC_DISPATCH(SumOfSquaresHighway)(values.data(), values.size()));
  }
  set_bytes(state);
  // The target dispatch picks: the best (lowest bit) of those built that this CPU supports.
  const std::int64_t usable = hwy::SupportedTargets() & HWY_TARGETS;
  state.SetLabel(hwy::TargetName(usable & -usable));
}
BENCHMARK(BM_SquaresHighway)->UseRealTime()->Unit(benchmark::kMicrosecond);

/// The integer sum of squares of work_split, for scale: 64-bit integer terms through a function
/// pointer, on 2 threads in dynamic chunks.
void BM_SquaresSplitSum(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        lab10::sum_of_squares_below(1U << 22U, 2, lab10::Schedule::kDynamicChunks, 1U << 14U));
  }
  set_bytes(state);
}
BENCHMARK(BM_SquaresSplitSum)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lab10_bench
#endif  // HWY_ONCE
