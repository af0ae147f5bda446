#include "conclab/speedup.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <limits>

#include <fmt/core.h>

#include "conclab/cores.hpp"
#include "conclab/thread_activity.hpp"
#include "conclab/thread_waits.hpp"

namespace conclab {
namespace {

constexpr double kMaxWaitShare = 0.10;     // of a run's wall time spent waiting for a CPU
constexpr double kFullUseOfCores = 0.90;   // of the available cores kept busy
constexpr double kSuspectCpuGrowth = 1.5;  // parallel CPU time over sequential CPU time

double seconds_of(const timeval& time) {
  return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) * 1e-6;
}

/// The CPU time of this process and of every process it started: its own threads (those that
/// ended too), the children already waited for, and those still running (the scheduler's
/// counters). A process pool does its work in child processes: counting only our own threads
/// would take its parallel runs for idle ones, disturbed by others.
double process_cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  double seconds = static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
  rusage waited_for{};
  if (::getrusage(RUSAGE_CHILDREN, &waited_for) == 0) {
    seconds += seconds_of(waited_for.ru_utime) + seconds_of(waited_for.ru_stime);
  }
  for (const int child : descendant_processes(::getpid())) {
    for (const auto& [tid, count] : sample_activity(child, false)) {
      seconds += static_cast<double>(count.ran_ns) * 1e-9;
    }
  }
  return seconds;
}

/// Whether other tasks kept the run from the CPUs (see measure_speedup()).
bool disturbed(const RunCost& run, unsigned cores) {
  return run.run_queue_delay_seconds > kMaxWaitShare * run.seconds &&
         run.cpu_utilisation() < kFullUseOfCores * static_cast<double>(cores);
}

/// The best run of one variant: of undisturbed runs if there were any, else of all.
struct Best {
  RunCost clean{.seconds = std::numeric_limits<double>::infinity()};
  RunCost any{.seconds = std::numeric_limits<double>::infinity()};
  int clean_runs = 0;

  void add(const RunCost& run, bool was_disturbed) {
    if (run.seconds < any.seconds) {
      any = run;
    }
    if (!was_disturbed) {
      ++clean_runs;
      if (run.seconds < clean.seconds) {
        clean = run;
      }
    }
  }
  [[nodiscard]] const RunCost& best() const { return clean_runs > 0 ? clean : any; }
};

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : 0.0;
}

}  // namespace

double RunCost::cpu_utilisation() const {
  return ratio(cpu_seconds, seconds);
}

double SpeedupMeasurement::speedup() const {
  return ratio(sequential.seconds, parallel.seconds);
}

double SpeedupMeasurement::ideal_speedup() const {
  return static_cast<double>(std::max(1U, std::min(workers, cores)));
}

double SpeedupMeasurement::efficiency() const {
  return speedup() / ideal_speedup();
}

double SpeedupMeasurement::cpu_bound_speedup() const {
  // Under one CPU, the work ran where its CPU time could not be counted (processes outside
  // this one's tree): then the wall-time ratio is all there is to go on.
  constexpr double kWorkSeen = 0.9;
  const double cpus = parallel.cpu_utilisation();
  return cpus < kWorkSeen ? speedup() : std::min(speedup(), cpus);
}

double SpeedupMeasurement::cpu_time_growth() const {
  return ratio(parallel.cpu_seconds, sequential.cpu_seconds);
}

std::string SpeedupMeasurement::describe() const {
  std::string text = fmt::format(
      "speedup {:.2f} of {:g} possible (efficiency {:.2f}; sequential {:.1f} ms, parallel {:.1f} "
      "ms using {:.1f} CPUs, {:.2f}x the CPU time; best of {} rounds, {} disturbed by other "
      "tasks)",
      speedup(), ideal_speedup(), efficiency(), sequential.seconds * 1e3, parallel.seconds * 1e3,
      parallel.cpu_utilisation(), cpu_time_growth(), rounds, disturbed_rounds);
  if (cpu_time_growth() > kSuspectCpuGrowth) {
    text += fmt::format(
        "; the threads burned {:.1f}x the CPU time of one thread for the same work: spinning, or "
        "contention on shared memory?",
        cpu_time_growth());
  }
  if (cpu_bound_speedup() < speedup()) {
    text += fmt::format(
        "; the parallel run kept only {:.2f} CPUs busy, so CPU-bound work is credited a speedup "
        "of {:.2f} at most (the sequential run spent more CPU time on the same work: a slower "
        "core, or more cache misses)",
        parallel.cpu_utilisation(), cpu_bound_speedup());
  }
  return text;
}

std::string SpeedupMeasurement::to_json() const {
  auto run_json = [](const RunCost& run) {
    return fmt::format(
        R"({{"seconds": {:.6f}, "cpu_seconds": {:.6f}, "run_queue_delay_seconds": {:.6f}}})",
        run.seconds, run.cpu_seconds, run.run_queue_delay_seconds);
  };
  return fmt::format(
      R"({{"speedup": {:.4f}, "cpu_bound_speedup": {:.4f}, "ideal_speedup": {:g}, )"
      R"("efficiency": {:.4f}, "cpu_time_growth": {:.4f}, "cores": {}, "workers": {}, )"
      R"("rounds": {}, "disturbed_rounds": {}, "machine_busy": {}, "sequential": {}, )"
      R"("parallel": {}}})",
      speedup(), cpu_bound_speedup(), ideal_speedup(), efficiency(), cpu_time_growth(), cores,
      workers, rounds, disturbed_rounds, machine_busy, run_json(sequential), run_json(parallel));
}

RunCost measure_run(const std::function<void()>& work) {
  const long long pressure_before = cpu_pressure_microseconds();
  const long long own_delay_before = thread_run_queue_delay_nanoseconds();
  const double cpu_before = process_cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  work();
  RunCost cost;
  cost.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cost.cpu_seconds = process_cpu_seconds() - cpu_before;
  const double machine_wait =
      pressure_before < 0
          ? 0.0
          : static_cast<double>(cpu_pressure_microseconds() - pressure_before) * 1e-6;
  const double own_wait =
      own_delay_before < 0
          ? 0.0
          : static_cast<double>(thread_run_queue_delay_nanoseconds() - own_delay_before) * 1e-9;
  cost.run_queue_delay_seconds = std::max(machine_wait, own_wait);
  return cost;
}

SpeedupMeasurement measure_speedup(const std::function<void()>& sequential,
                                   const std::function<void()>& parallel, int rounds,
                                   unsigned workers) {
  sequential();  // warm caches, page in memory, start the allocator's arenas
  parallel();
  SpeedupMeasurement result;
  result.cores = available_cores();
  result.workers = workers > 0 ? workers : result.cores;
  Best sequential_best;
  Best parallel_best;
  while (result.rounds < 4 * rounds &&
         std::min(sequential_best.clean_runs, parallel_best.clean_runs) < rounds) {
    const RunCost sequential_run = measure_run(sequential);
    const RunCost parallel_run = measure_run(parallel);
    const bool sequential_disturbed = disturbed(sequential_run, result.cores);
    const bool parallel_disturbed = disturbed(parallel_run, result.cores);
    sequential_best.add(sequential_run, sequential_disturbed);
    parallel_best.add(parallel_run, parallel_disturbed);
    ++result.rounds;
    result.disturbed_rounds += sequential_disturbed || parallel_disturbed ? 1 : 0;
  }
  result.sequential = sequential_best.best();
  result.parallel = parallel_best.best();
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

long long thread_run_queue_delay_nanoseconds() {
  std::ifstream in("/proc/thread-self/schedstat");
  long long on_cpu = 0;
  long long waiting = -1;
  in >> on_cpu >> waiting;
  return in ? waiting : -1;
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
