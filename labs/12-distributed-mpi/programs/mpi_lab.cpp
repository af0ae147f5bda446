// Given: the MPI program of lab 12, which the tests and the demo start under mpirun. It runs
// one step of the lab, chosen by its first argument, and prints what the tests read:
//   mpi_lab cv [SEED [ROWS]]       cross-validated lasso on the first ROWS rows (all 20,640
//                                  by default) of the housing table of SEED
//   mpi_lab pi SAMPLES SEED        Monte Carlo hits
//   mpi_lab ring COUNT...          ring shifts of COUNT doubles, each checked on arrival
//   mpi_lab ring-reference COUNT   the same with the given MPI_Sendrecv (the tests' yardstick)
//   mpi_lab collectives            scaled_sum: a broadcast, then an all-reduce
// Numbers are printed with %.17g, which reads back as the same double.
#include <mpi.h>

#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exchange.hpp"
#include "housing.hpp"
#include "lasso_cv.hpp"
#include "pi_mpi.hpp"

namespace {

using namespace lab12;

/// Prints one line at once, so that lines of different ranks never mix.
__attribute__((format(printf, 1, 2))) void say(const char* format, ...) {
  va_list args;
  va_start(args, format);      // NOLINT(cppcoreguidelines-pro-type-vararg)
  std::vprintf(format, args);  // NOLINT(cppcoreguidelines-pro-type-vararg)
  va_end(args);                // NOLINT(cppcoreguidelines-pro-type-vararg)
  std::fflush(stdout);
}

std::string coefficient_text(const Coefficients& w) {
  std::string text;
  for (const double value : w) {
    char number[32];
    std::snprintf(number, sizeof number, " %.17g", value);  // NOLINT
    text += number;
  }
  return text;
}

int run_cv(std::uint64_t seed, std::size_t total_rows, int rank, int ranks) {
  const RowRange range = rows_of_rank(total_rows, rank, ranks);
  const std::vector<Row> rows = housing_rows(seed, range);  // this rank's rows only
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  const CrossValidation cv = cross_validate(rows, range.first, kLambdaGrid, MPI_COMM_WORLD);
  const double seconds = MPI_Wtime() - start;
  double slowest = 0;
  MPI_Reduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  // Every rank prints its answer: they must all agree.
  say("cv rank %d rows %zu-%zu best-lambda %.17g mse %.17g coefficients%s\n", rank, range.first,
      range.end, cv.best_lambda, cv.mse, coefficient_text(cv.coefficients).c_str());
  if (rank == 0) {
    say("cv ranks %d seconds %.6f\n", ranks, slowest);
    for (std::size_t i = 0; i < cv.lambdas.size() && i < cv.mean_cv_mse.size(); ++i) {
      say("cv lambda %.17g mean-mse %.17g\n", cv.lambdas[i], cv.mean_cv_mse[i]);
    }
    say("cv best-lambda %.17g\n", cv.best_lambda);
    say("cv coefficients%s\n", coefficient_text(cv.coefficients).c_str());
    say("cv fold0-coefficients%s\n", coefficient_text(cv.fold0_coefficients).c_str());
    say("cv mse %.17g\n", cv.mse);
  }
  return 0;
}

int run_pi(std::uint64_t samples, std::uint64_t seed, int rank) {
  const std::uint64_t hits = count_hits(samples, seed, MPI_COMM_WORLD);
  if (rank == 0) {
    say("pi samples %llu hits %llu\n", static_cast<unsigned long long>(samples),  // NOLINT
        static_cast<unsigned long long>(hits));                                   // NOLINT
  }
  return 0;
}

/// The value rank `rank` puts at index i of its buffer: every rank's data differs.
double ring_value(int rank, std::size_t i) {
  return rank * 1e7 + static_cast<double>(i);
}

std::vector<double> reference_ring_shift(std::span<const double> mine, int rank, int ranks) {
  std::vector<double> received(mine.size());
  MPI_Sendrecv(mine.data(), static_cast<int>(mine.size()), MPI_DOUBLE, (rank + 1) % ranks, 1,
               received.data(), static_cast<int>(received.size()), MPI_DOUBLE,
               (rank - 1 + ranks) % ranks, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return received;
}

int run_ring(std::span<char*> counts, bool reference, int rank, int ranks) {
  const int previous = (rank - 1 + ranks) % ranks;
  for (char* count_text : counts) {
    const auto count = static_cast<std::size_t>(std::strtoull(count_text, nullptr, 10));
    std::vector<double> mine(count);
    for (std::size_t i = 0; i < count; ++i) {
      mine[i] = ring_value(rank, i);
    }
    const std::vector<double> received =
        reference ? reference_ring_shift(mine, rank, ranks) : ring_shift(mine, MPI_COMM_WORLD);
    if (received.size() != count) {
      say("ring count %zu rank %d wrong: received %zu values\n", count, rank, received.size());
      continue;
    }
    std::size_t wrong = count;
    for (std::size_t i = 0; i < count && wrong == count; ++i) {
      if (received[i] != ring_value(previous, i)) {
        wrong = i;
      }
    }
    if (wrong == count) {
      say("ring count %zu rank %d ok\n", count, rank);
    } else {
      say("ring count %zu rank %d wrong: value %zu is %.17g, rank %d sent %.17g\n", count, rank,
          wrong, received[wrong], previous, ring_value(previous, wrong));
    }
  }
  return 0;
}

int run_collectives(int rank) {
  // Only rank 0's scale counts; the others pass a scale that must be ignored.
  const double scale = rank == 0 ? 2.5 : -1.0;
  const double total = scaled_sum(scale, rank + 1.0, MPI_COMM_WORLD);
  say("collectives rank %d scaled-sum %.17g\n", rank, total);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const std::span<char*> args(argv, static_cast<std::size_t>(argc));
  const std::string_view step = argc > 1 ? args[1] : "";
  int status = 2;
  if (step == "cv") {
    const std::uint64_t seed = argc > 2 ? std::strtoull(args[2], nullptr, 10) : kDefaultSeed;
    const std::size_t rows = argc > 3 ? std::strtoull(args[3], nullptr, 10) : kHousingRows;
    status = run_cv(seed, std::min(rows, kHousingRows), rank, ranks);
  } else if (step == "pi" && argc == 4) {
    status = run_pi(std::strtoull(args[2], nullptr, 10), std::strtoull(args[3], nullptr, 10), rank);
  } else if (step == "ring" || step == "ring-reference") {
    status = run_ring(args.subspan(2), step == "ring-reference", rank, ranks);
  } else if (step == "collectives") {
    status = run_collectives(rank);
  } else if (rank == 0) {
    std::fprintf(stderr,
                 "usage: mpi_lab cv [SEED] | pi SAMPLES SEED | ring COUNT... | "
                 "ring-reference COUNT... | collectives\n");
  }
  MPI_Finalize();
  return status;
}
