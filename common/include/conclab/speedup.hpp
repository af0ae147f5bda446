/// @file speedup.hpp
/// @brief Speedup as a ratio measured in one run: interleaved, best of k, aware of cores.
#pragma once

#include <functional>
#include <string>

namespace conclab {

/// The figures of one speedup measurement.
struct SpeedupMeasurement {
  double sequential_seconds = 0;  ///< Best undisturbed wall time of the sequential variant.
  double parallel_seconds = 0;    ///< Best undisturbed wall time of the parallel variant.
  int rounds = 0;                 ///< How many times each variant ran.
  int disturbed_rounds = 0;       ///< Rounds thrown away: another task waited for a CPU.
  /// True when no round ran undisturbed, so the figures say nothing about the code.
  bool machine_busy = false;

  /// sequential_seconds / parallel_seconds (0 when nothing was measured).
  [[nodiscard]] double speedup() const;
  /// A one-line summary, e.g. "speedup 1.93 (sequential 41.2 ms, parallel 21.3 ms, best of 5)".
  [[nodiscard]] std::string describe() const;
};

/// Runs `sequential` and `parallel` alternately after one warm-up run of each, until each has
/// had `rounds` undisturbed runs (or 4 x `rounds` runs in all), and keeps each one's best
/// undisturbed wall time.
///
/// A run is disturbed when, during it, tasks waited for a CPU for more than 10% of its wall
/// time (Linux pressure stall information, /proc/pressure/cpu): a busy neighbour, not the
/// code, set its time. Alternating means slow phases of the machine hit both variants alike.
SpeedupMeasurement measure_speedup(const std::function<void()>& sequential,
                                   const std::function<void()>& parallel, int rounds = 5);

/// Microseconds, since boot, during which at least one task of the machine waited for a CPU
/// (the "some total" of /proc/pressure/cpu), or -1 where the kernel does not report it.
long long cpu_pressure_microseconds();

/// Why speedup cannot be measured in this process ("skipped: 1 core available", or a
/// sanitizer build), or an empty string when it can.
std::string speedup_unmeasurable_reason();

}  // namespace conclab
