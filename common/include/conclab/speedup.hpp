/// @file speedup.hpp
/// @brief Speedup as a ratio measured in one run: interleaved, best of k, aware of cores and of
/// other tasks competing for them.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace conclab {

/// How the message of a failed speedup check starts, when the speedup was measured and fell
/// short (the grader tells that apart from a test that failed before measuring anything).
inline constexpr std::string_view kSpeedupShortfall = "expected a speedup of at least";

/// What one timed run of a variant cost.
struct RunCost {
  double seconds = 0;      ///< Wall time.
  double cpu_seconds = 0;  ///< CPU time of the process (every thread) and of the processes it
                           ///< started, during the run.
  /// Time tasks spent ready to run but waiting for a CPU during the run: the larger of the
  /// machine's CPU pressure (/proc/pressure/cpu) and the calling thread's own run-queue delay
  /// (/proc/thread-self/schedstat).
  double run_queue_delay_seconds = 0;

  /// CPU time over wall time: about 1 for one busy thread, about N for N.
  [[nodiscard]] double cpu_utilisation() const;
};

/// The figures of one speedup measurement.
struct SpeedupMeasurement {
  RunCost sequential;        ///< The best undisturbed run of the sequential variant.
  RunCost parallel;          ///< The best undisturbed run of the parallel variant.
  unsigned cores = 0;        ///< Cores available to the process (see available_cores()).
  unsigned workers = 0;      ///< Threads the parallel variant uses (the ideal's other bound).
  int rounds = 0;            ///< How many times each variant ran.
  int disturbed_rounds = 0;  ///< Rounds run again: other tasks kept this one from the CPUs.
  /// True when no round ran undisturbed, so the figures say nothing about the code.
  bool machine_busy = false;

  /// sequential wall time / parallel wall time (0 when nothing was measured).
  [[nodiscard]] double speedup() const;
  /// The best speedup possible here: min(workers, cores).
  [[nodiscard]] double ideal_speedup() const;
  /// speedup() / ideal_speedup(): 1 is perfect scaling.
  [[nodiscard]] double efficiency() const;
  /// The part of speedup() that CPU-bound code can take credit for: at most the CPUs its
  /// parallel run kept busy. Work that only computes cannot finish N times sooner on fewer than
  /// N CPUs; a wall-time ratio above that means the sequential run was slowed (it ran on a
  /// slower or shared core), not that the work was spread. Code that runs its "parallel" work
  /// on one thread at a time therefore stays at about 1, whatever the ratio. (A parallel run
  /// seen using less than 0.9 of a CPU did its work where it could not be counted, in processes
  /// outside this one's tree: then speedup() stands.)
  [[nodiscard]] double cpu_bound_speedup() const;
  /// Parallel CPU time / sequential CPU time: far above 1 means the threads burn CPU without
  /// getting work done (spinning, contention on shared memory).
  [[nodiscard]] double cpu_time_growth() const;
  /// A one-line summary, e.g. "speedup 1.93 of 2 possible (efficiency 0.96; sequential 41.2 ms,
  /// parallel 21.3 ms using 1.9 CPUs, 1.02x the CPU time; best of 5 rounds, 0 disturbed)".
  [[nodiscard]] std::string describe() const;
  /// The figures as one JSON object, for the grader.
  [[nodiscard]] std::string to_json() const;
};

/// Runs `sequential` and `parallel` alternately after one warm-up run of each, until each has
/// had `rounds` undisturbed runs (or 4 x `rounds` runs in all), and keeps each one's best
/// undisturbed run. `workers` is how many threads `parallel` uses (0: as many as cores).
///
/// A run is disturbed when other tasks kept it from the CPUs: tasks waited for a CPU for more
/// than 10% of its wall time while the process itself used less than 90% of its cores. (A
/// process that keeps every core busy was not kept from them, even if its own extra threads
/// queued.) Alternating means slow phases of the machine hit both variants alike.
SpeedupMeasurement measure_speedup(const std::function<void()>& sequential,
                                   const std::function<void()>& parallel, int rounds = 5,
                                   unsigned workers = 0);

/// Runs `work` once and returns what it cost.
RunCost measure_run(const std::function<void()>& work);

/// Microseconds, since boot, during which at least one task of the machine waited for a CPU
/// (the "some total" of /proc/pressure/cpu), or -1 where the kernel does not report it.
long long cpu_pressure_microseconds();

/// Nanoseconds the calling thread has spent waiting on a run queue (field 2 of
/// /proc/thread-self/schedstat), or -1 where the kernel does not report it.
long long thread_run_queue_delay_nanoseconds();

/// Why speedup cannot be measured in this process ("skipped: 1 core available", or a
/// sanitizer build), or an empty string when it can.
std::string speedup_unmeasurable_reason();

}  // namespace conclab
