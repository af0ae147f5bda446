#include "conclab/speedup.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <limits>

#include <fmt/core.h>

#include "conclab/cores.hpp"

namespace conclab {
namespace {

constexpr double kMaxPressureShare = 0.10;  // of a run's wall time

struct Run {
  double seconds;
  bool disturbed;
};

Run timed_run(const std::function<void()>& work) {
  const long long pressure_before = cpu_pressure_microseconds();
  const auto start = std::chrono::steady_clock::now();
  work();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long long pressure_after = cpu_pressure_microseconds();
  const double waited = static_cast<double>(pressure_after - pressure_before) * 1e-6;
  return {seconds, pressure_before >= 0 && waited > kMaxPressureShare * seconds};
}

/// The best time of one variant: of undisturbed runs if there were any, else of all.
struct Best {
  double clean = std::numeric_limits<double>::infinity();
  double any = std::numeric_limits<double>::infinity();
  int clean_runs = 0;

  void add(const Run& run) {
    any = std::min(any, run.seconds);
    if (!run.disturbed) {
      clean = std::min(clean, run.seconds);
      ++clean_runs;
    }
  }
  [[nodiscard]] double seconds() const { return clean_runs > 0 ? clean : any; }
};

}  // namespace

double SpeedupMeasurement::speedup() const {
  return parallel_seconds > 0 ? sequential_seconds / parallel_seconds : 0.0;
}

std::string SpeedupMeasurement::describe() const {
  return fmt::format(
      "speedup {:.2f} (sequential {:.1f} ms, parallel {:.1f} ms, best of {} rounds, "
      "{} disturbed by other tasks)",
      speedup(), sequential_seconds * 1e3, parallel_seconds * 1e3, rounds, disturbed_rounds);
}

SpeedupMeasurement measure_speedup(const std::function<void()>& sequential,
                                   const std::function<void()>& parallel, int rounds) {
  sequential();  // warm caches, page in memory, start the allocator's arenas
  parallel();
  Best sequential_best;
  Best parallel_best;
  SpeedupMeasurement result;
  while (result.rounds < 4 * rounds &&
         std::min(sequential_best.clean_runs, parallel_best.clean_runs) < rounds) {
    const Run sequential_run = timed_run(sequential);
    const Run parallel_run = timed_run(parallel);
    sequential_best.add(sequential_run);
    parallel_best.add(parallel_run);
    ++result.rounds;
    result.disturbed_rounds += sequential_run.disturbed || parallel_run.disturbed ? 1 : 0;
  }
  result.sequential_seconds = sequential_best.seconds();
  result.parallel_seconds = parallel_best.seconds();
  result.machine_busy = sequential_best.clean_runs == 0 || parallel_best.clean_runs == 0;
  return result;
}

long long cpu_pressure_microseconds() {
  std::ifstream in("/proc/pressure/cpu");
  for (std::string line; std::getline(in, line);) {
    if (const auto at = line.find("total="); line.starts_with("some") && at != std::string::npos) {
      return std::stoll(line.substr(at + 6));
    }
  }
  return -1;
}

std::string speedup_unmeasurable_reason() {
#ifdef CONCLAB_UNDER_SANITIZER
  return "skipped: a sanitizer build changes timing too much to measure speedup";
#else
  if (const unsigned cores = available_cores(); cores < 2) {
    return "skipped: " + std::to_string(cores) + " core available";
  }
  return {};
#endif
}

}  // namespace conclab
