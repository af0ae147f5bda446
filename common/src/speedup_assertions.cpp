#include "conclab/testing/speedup_assertions.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include <fmt/core.h>

#include "conclab/cores.hpp"

namespace conclab::testing {
namespace {

/// Keeps in `best` whichever of the two runs was faster.
void keep_faster(RunCost& best, const RunCost& other) {
  if (other.seconds < best.seconds) {
    best = other;
  }
}

/// Whether measuring again could reach `bar`. Not on a machine that stays busy, and not when
/// the best parallel run kept only about one CPU busy: that run was undisturbed, so one CPU is
/// what the code asked for (its threads ran one at a time), and it is credited no more than
/// that however often it runs.
bool worth_measuring_again(const SpeedupMeasurement& best, double bar) {
  constexpr double kAboutOneCpu = 1.15;
  return best.cpu_bound_speedup() < bar && !best.machine_busy &&
         best.parallel.cpu_utilisation() > kAboutOneCpu;
}

/// Measures up to three times while worth_measuring_again(), keeping each variant's best run.
SpeedupMeasurement best_measurement(const std::function<void()>& sequential,
                                    const std::function<void()>& parallel, unsigned workers,
                                    double bar) {
  constexpr int kAttempts = 3;
  constexpr int kRounds = 5;
  SpeedupMeasurement best = measure_speedup(sequential, parallel, kRounds, workers);
  // Measuring again helps against a noisy moment.
  for (int attempt = 1; attempt < kAttempts && worth_measuring_again(best, bar); ++attempt) {
    const SpeedupMeasurement again = measure_speedup(sequential, parallel, kRounds, workers);
    keep_faster(best.sequential, again.sequential);
    keep_faster(best.parallel, again.parallel);
    best.rounds += again.rounds;
    best.disturbed_rounds += again.disturbed_rounds;
    best.machine_busy = best.machine_busy && again.machine_busy;
  }
  return best;
}

/// Records the figures where the grader finds them: test properties, and the JSON-lines file
/// CONCLAB_SPEEDUP_JSON names, if any.
void record(const SpeedupMeasurement& measured, double bar) {
  ::testing::Test::RecordProperty("speedup", fmt::format("{:.4f}", measured.cpu_bound_speedup()));
  ::testing::Test::RecordProperty("speedup_required", fmt::format("{:.4f}", bar));
  ::testing::Test::RecordProperty("speedup_json", measured.to_json());
  const char* path = std::getenv("CONCLAB_SPEEDUP_JSON");  // NOLINT(concurrency-mt-unsafe)
  if (path == nullptr || *path == '\0') {
    return;
  }
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::ofstream out(path, std::ios::app);
  out << fmt::format(R"({{"test": "{}.{}", "required": {:.4f}, "measured": {}}})",
                     test != nullptr ? test->test_suite_name() : "",
                     test != nullptr ? test->name() : "", bar, measured.to_json())
      << '\n';
}

}  // namespace

SpeedupVerdict check_speedup(const std::function<void()>& sequential,
                             const std::function<void()>& parallel, unsigned workers,
                             double fraction_of_ideal) {
  SpeedupMeasurement probe;  // only for the ideal: min(workers, cores)
  probe.cores = available_cores();
  probe.workers = workers;
  const double bar = fraction_of_ideal * probe.ideal_speedup();
  const SpeedupMeasurement best = best_measurement(sequential, parallel, workers, bar);
  record(best, bar);
  fmt::print("conclab speedup: {}\n", best.describe());
  using Outcome = SpeedupVerdict::Outcome;
  if (best.cpu_bound_speedup() >= bar) {
    return {Outcome::kPassed, best.describe()};
  }
  if (best.machine_busy) {
    return {Outcome::kSkipped,
            "skipped: the machine was too busy to measure (other tasks kept this test from the "
            "CPUs in every round); " +
                best.describe()};
  }
  return {Outcome::kFailed,
          fmt::format("{} {:.2f} ({:.0f}% of the ideal {:g}), measured {}", kSpeedupShortfall, bar,
                      fraction_of_ideal * 100, probe.ideal_speedup(), best.describe())};
}

}  // namespace conclab::testing
