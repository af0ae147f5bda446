// Lab 12 deadlocks: exchanges that must end on any message size and rank count. A run that
// does not end within a deadline calibrated on a known-good exchange in the same run is
// reported rank by rank: which MPI call each one is blocked in, and who called it.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "lab12_testing.hpp"

namespace lab12::testing {
namespace {

/// 20 times the known-good ring shift, and at least 5 s.
std::chrono::milliseconds deadline() {
  return patient_budget(20, std::chrono::seconds(5));
}

TEST(Deadlock, RingShiftOfFourMiBEnds) {
  LAB12_SKIP_UNDER_SANITIZER();
  for (const int ranks : {2, 3}) {
    // 4 MiB is far above the eager limit: MPI_Send waits until the receiver takes it.
    const MpiRun run = run_mpi(ranks, {"ring", "524288"}, deadline());
    ASSERT_TRUE(run.finished) << "the ring shift of 4 MiB on " << ranks
                              << " ranks: " << describe(run);
    for (int rank = 0; rank < ranks; ++rank) {
      const std::string ok = "ring count 524288 rank " + std::to_string(rank) + " ok\n";
      EXPECT_TRUE(run.output.find(ok) != std::string::npos)
          << "rank " << rank << " of " << ranks << " ended without the data:\n"
          << run.output;
    }
  }
}

TEST(Deadlock, BroadcastThenAllreduceEnds) {
  LAB12_SKIP_UNDER_SANITIZER();
  for (const int ranks : {2, 3}) {
    const MpiRun run = run_mpi(ranks, {"collectives"}, deadline());
    ASSERT_TRUE(run.finished) << "scaled_sum on " << ranks << " ranks: " << describe(run);
    EXPECT_EQ(lines_starting(run.output, "collectives rank ").size(),
              static_cast<std::size_t>(ranks))
        << run.output;
    const double expected = 2.5 * ranks * (ranks + 1) / 2;
    for (const std::string& line : lines_starting(run.output, "collectives rank ")) {
      EXPECT_EQ(numbers_in(line).back(), expected) << line;
    }
  }
}

}  // namespace
}  // namespace lab12::testing
