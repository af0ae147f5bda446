// Lab 12 benchmark: what the distributed cross-validation spends its time on. Times are
// absolute, so build in release. Without mpirun everything runs on one rank (MPI starts as a
// singleton); under `mpirun -np 2 bench` every rank runs the same benchmarks and prints its own
// table, and the all-reduce is a real one between the ranks (fixed iteration counts keep the
// ranks in step: a collective that one rank skips would hang the others).
#include <benchmark/benchmark.h>
#include <mpi.h>

#include <cstdint>
#include <vector>

#include "housing.hpp"
#include "lasso_cv.hpp"
#include "pi_mpi.hpp"

namespace {

using namespace lab12;

/// MPI for the whole run: started on first use, finished at exit.
struct MpiSession {
  MpiSession() {
    int started = 0;
    MPI_Initialized(&started);
    if (started == 0) {
      MPI_Init(nullptr, nullptr);
    }
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  ~MpiSession() { MPI_Finalize(); }
};

void ensure_mpi() {
  static const MpiSession session;
}

/// The statistics of a block of rows, per row.
void BM_FoldStatistics(benchmark::State& state) {
  const std::vector<Row> rows =
      housing_rows(kDefaultSeed, {0, static_cast<std::size_t>(state.range(0))});
  for (auto _ : state) {
    benchmark::DoNotOptimize(local_fold_statistics(rows, 0));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FoldStatistics)->Arg(1024)->Arg(20640);

/// One lasso fit by coordinate descent from the sums of the whole table, per lambda.
void BM_FitLasso(benchmark::State& state) {
  const std::vector<Row> rows = housing_rows(kDefaultSeed, {0, kHousingRows});
  Statistics all{};
  for (const Statistics& fold : local_fold_statistics(rows, 0)) {
    all += fold;
  }
  const double lambda = kLambdaGrid.at(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(fit_lasso(all, lambda));
  }
  state.SetLabel("lambda " + std::to_string(lambda));
}
BENCHMARK(BM_FitLasso)->DenseRange(0, static_cast<int>(kLambdaGrid.size()) - 1);

/// The one all-reduce of the cross-validation: 5 x 74 doubles, whatever the rows.
void BM_SumOverRanks(benchmark::State& state) {
  ensure_mpi();
  FoldStatistics folds{};
  for (auto _ : state) {
    sum_over_ranks(folds, MPI_COMM_WORLD);
    benchmark::DoNotOptimize(folds);
  }
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  state.SetLabel(std::to_string(ranks) + " ranks");
}
BENCHMARK(BM_SumOverRanks)->Iterations(2000);

/// Pi's blocks counted and reduced on the ranks, per sample.
void BM_CountHits(benchmark::State& state) {
  ensure_mpi();
  const auto samples = static_cast<std::uint64_t>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(count_hits(samples, 7, MPI_COMM_WORLD));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CountHits)->Arg(1 << 22)->Iterations(5);

}  // namespace
