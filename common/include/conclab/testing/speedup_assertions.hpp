/// @file speedup_assertions.hpp
/// @brief GoogleTest assertions on speedup that skip, rather than fail, where it cannot be
/// measured.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "conclab/speedup.hpp"

namespace conclab::testing {

/// The verdict of a speedup check.
struct SpeedupVerdict {
  /// How the check ended.
  enum class Outcome {
    kPassed,   ///< Fast enough.
    kFailed,   ///< Measured on a quiet machine, and too slow.
    kSkipped,  ///< Could not be measured: the machine was too busy.
  };
  Outcome outcome;      ///< How the check ended.
  std::string message;  ///< The figures, and for a failure or a skip, why.
};

/// Checks that `parallel`, which uses `workers` threads, runs at least `fraction_of_ideal` x
/// min(workers, cores available) times faster than `sequential`. Both must be CPU-bound work:
/// the speedup counted is SpeedupMeasurement::cpu_bound_speedup(), at most the CPUs the
/// parallel run kept busy, so work run on one thread at a time never passes, even when the
/// sequential run happened to land on a slower core.
///
/// Measures with measure_speedup(); a result below the bar is measured again (up to three
/// times, keeping each variant's best) so that one noisy moment cannot fail a correct
/// solution, while code that does not scale never reaches the bar however often it runs. It is
/// not measured again when its best parallel run kept only one CPU busy: that run was
/// undisturbed, so one CPU is all the code used.
/// Below the bar on a machine too busy to measure (no undisturbed round) is a skip, not a
/// failure, decided after the first measurement. The figures are recorded as test properties
/// and, where the environment variable CONCLAB_SPEEDUP_JSON names a file, appended to it as one
/// JSON line per check, for the grader.
SpeedupVerdict check_speedup(const std::function<void()>& sequential,
                             const std::function<void()>& parallel, unsigned workers,
                             double fraction_of_ideal);

}  // namespace conclab::testing

/// Expects CPU-bound `parallel`, using `workers` threads, to be at least `fraction_of_ideal` of
/// the ideal speedup min(workers, cores) faster than `sequential` (see check_speedup()), and skips
/// the test (with the reason) where speedup cannot be measured: one core, a sanitizer build, a
/// machine too busy.
// A macro, not a function: GTEST_SKIP must return from the test body itself.
// NOLINTNEXTLINE(cppcoreguidelines-macro-usage)
#define CONCLAB_EXPECT_SPEEDUP(sequential, parallel, workers, fraction_of_ideal)                 \
  do {                                                                                           \
    if (const std::string conclab_reason = ::conclab::speedup_unmeasurable_reason();             \
        !conclab_reason.empty()) {                                                               \
      GTEST_SKIP() << conclab_reason;                                                            \
    }                                                                                            \
    const auto conclab_verdict = ::conclab::testing::check_speedup(                              \
        (sequential), (parallel), (workers), (fraction_of_ideal));                               \
    if (conclab_verdict.outcome == ::conclab::testing::SpeedupVerdict::Outcome::kSkipped) {      \
      GTEST_SKIP() << conclab_verdict.message;                                                   \
    }                                                                                            \
    EXPECT_TRUE(conclab_verdict.outcome == ::conclab::testing::SpeedupVerdict::Outcome::kPassed) \
        << conclab_verdict.message;                                                              \
  } while (false)
