// Lab 12 demo: seed 004's cross-validated lasso and seed 003's pi, on MPI ranks, run on your
// code.
//
// Started by hand (./demo), it starts itself again under `mpirun -np 2` (more with
// `./demo RANKS`); started by mpirun (as on a cluster:
// `mpirun --hostfile hosts -np 8 ./demo`), it runs on the ranks it was given:
//   (a) the cross-validation table (lambda, mean held-out MSE), the chosen lambda, the
//       coefficients of the refit on all rows and their MSE, and where each rank's rows were;
//   (b) Monte Carlo pi on the ranks;
//   (c) the ring shift of a small and of a large message, timed.
#include <mpi.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

#include "exchange.hpp"
#include "housing.hpp"
#include "lasso_cv.hpp"
#include "pi_mpi.hpp"

// POSIX's, for posix_spawnp.
// NOLINTNEXTLINE(readability-redundant-declaration,cppcoreguidelines-avoid-non-const-global-variables)
extern char** environ;

namespace {

using namespace lab12;

/// Not under mpirun: runs `mpirun -np RANKS` on this program and returns its status.
int relaunch_under_mpirun(const char* self, const char* ranks) {
  // mpirun refuses to run as root (a container) without these.
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
#if defined(__SANITIZE_ADDRESS__)
  // Open MPI frees little of what it allocates (much of it in plugins unloaded at the end, which
  // no suppression can name): in an AddressSanitizer build, the ranks check no leaks.
  const char* options = std::getenv("ASAN_OPTIONS");
  const std::string asan_options = std::string(options != nullptr ? options : "") +
                                   (options != nullptr ? ":" : "") + "detect_leaks=0";
  ::setenv("ASAN_OPTIONS", asan_options.c_str(), 1);
#endif
  std::vector<std::string> argv{"mpirun", "--oversubscribe", "--bind-to", "none", "-np", ranks,
                                self};
  std::printf("$ mpirun --oversubscribe --bind-to none -np %s %s\n", ranks, self);
  std::fflush(stdout);
  std::vector<char*> c_argv;
  for (std::string& argument : argv) {
    c_argv.push_back(argument.data());
  }
  c_argv.push_back(nullptr);
  pid_t child = 0;
  if (posix_spawnp(&child, "mpirun", nullptr, nullptr, c_argv.data(), environ) != 0) {
    std::printf("cannot start mpirun: install Open MPI (grading/bootstrap.sh does)\n");
    return 1;
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

void cross_validation_section(int rank, int ranks) {
  const RowRange range = rows_of_rank(kHousingRows, rank, ranks);
  const std::vector<Row> rows = housing_rows(kDefaultSeed, range);
  const double start = MPI_Wtime();
  const CrossValidation cv = cross_validate(rows, range.first, kLambdaGrid, MPI_COMM_WORLD);
  const double seconds = MPI_Wtime() - start;
  // Each rank says which rows it held, in rank order (a barrier between turns).
  for (int turn = 0; turn < ranks; ++turn) {
    if (turn == rank) {
      std::printf("rank %d of %d: rows %zu-%zu (%zu), cross-validation in %.3f s\n", rank, ranks,
                  range.first, range.end - 1, rows.size(), seconds);
      std::fflush(stdout);
    }
    MPI_Barrier(MPI_COMM_WORLD);
  }
  if (rank != 0) {
    return;
  }
  std::printf("\n%10s  %s\n", "lambda", "mean held-out MSE (5 folds)");
  for (std::size_t i = 0; i < cv.lambdas.size() && i < cv.mean_cv_mse.size(); ++i) {
    std::printf("%10g  %.6f%s\n", cv.lambdas[i], cv.mean_cv_mse[i],
                cv.lambdas[i] == cv.best_lambda ? "  <- best" : "");
  }
  std::printf("\nrefit on all %zu rows at lambda %g:\n", kHousingRows, cv.best_lambda);
  for (std::size_t j = 0; j < kFeatures; ++j) {
    std::printf("  %-12s %+.6f\n", std::string(kFeatureNames[j]).c_str(), cv.coefficients[j]);
  }
  std::printf("  MSE on all rows: %.6f\n", cv.mse);
  if (std::all_of(cv.coefficients.begin(), cv.coefficients.end(),
                  [](double w) { return w == 0; })) {
    std::printf("(every coefficient is 0: tasks 1-5 in lasso_cv.cpp are not done yet)\n");
  }
}

void pi_section(int rank, int ranks) {
  constexpr std::uint64_t kSamples = 4'000'000;
  const double start = MPI_Wtime();
  const std::uint64_t hits = count_hits(kSamples, 2024, MPI_COMM_WORLD);
  const double seconds = MPI_Wtime() - start;
  if (rank == 0) {
    const double estimate = 4.0 * static_cast<double>(hits) / static_cast<double>(kSamples);
    std::printf("%llu hits of %llu samples on %d ranks: pi ~ %.6f (error %.1e), %.3f s\n",
                static_cast<unsigned long long>(hits),      // NOLINT(google-runtime-int)
                static_cast<unsigned long long>(kSamples),  // NOLINT(google-runtime-int)
                ranks, estimate, estimate - std::numbers::pi, seconds);
  }
}

void ring_section(int rank, int ranks) {
  for (const std::size_t count : {std::size_t{2}, std::size_t{524288}}) {
    std::vector<double> mine(count, rank);
    MPI_Barrier(MPI_COMM_WORLD);
    const double start = MPI_Wtime();
    const std::vector<double> received = ring_shift(mine, MPI_COMM_WORLD);
    const double seconds = MPI_Wtime() - start;
    const double from = (rank - 1 + ranks) % ranks;
    const bool right =
        received.size() == count && std::all_of(received.begin(), received.end(),
                                                [from](double value) { return value == from; });
    int all_right = right ? 1 : 0;
    MPI_Allreduce(MPI_IN_PLACE, &all_right, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (rank == 0) {
      std::printf("ring shift of %zu bytes: %s, %.1f us on rank 0\n", count * sizeof(double),
                  all_right != 0 ? "every rank got its neighbour's data" : "WRONG data",
                  seconds * 1e6);
    }
  }
}

void section(int rank, const char* title) {
  if (rank == 0) {
    std::printf("\n== %s\n", title);
  }
  std::fflush(stdout);
  MPI_Barrier(MPI_COMM_WORLD);
}

}  // namespace

int main(int argc, char** argv) {
#ifdef CONCLAB_UNDER_SANITIZER
  // Open MPI's libraries (and libevent inside them) are not instrumented: a sanitizer sees
  // their file-descriptor use without its ordering and reports races that are not there.
  std::puts("skipped: the MPI demo runs in the default build, not under a sanitizer");
  return 77;
#endif
  if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr) {
    return relaunch_under_mpirun(argv[0], argc > 1 ? argv[1] : "2");
  }
  MPI_Init(&argc, &argv);
  int rank = 0;
  int ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  section(rank, "(a) seed 004: 5-fold cross-validated lasso, the data split across ranks");
  cross_validation_section(rank, ranks);
  section(rank, "(b) seed 003: Monte Carlo pi across ranks");
  pi_section(rank, ranks);
  section(rank, "(c) ring shift: 16 B goes out eagerly, 4 MiB needs the receiver");
  ring_section(rank, ranks);
  std::fflush(stdout);
  MPI_Finalize();
  return 0;
}
