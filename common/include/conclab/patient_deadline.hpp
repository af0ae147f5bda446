/// @file patient_deadline.hpp
/// @brief A time limit that judges progress: work that is still going on gets more time, up to
/// a bound; work that has stopped moving is stuck at the first deadline.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "conclab/thread_activity.hpp"

namespace conclab {

/// A time limit for work that may hang, fair to correct code on a busy machine.
///
/// A fixed wall-clock limit fails correct code when the machine is loaded or chaos scheduling
/// slows it down. This one expires at `budget` only if the watched threads did no work during
/// the window just before it (shows_work()): a deadlock, a lost wake-up. While they keep
/// working, it moves on one window at a time, up to kPatience times the budget, so an endless
/// loop is still stopped, a little later.
///
/// Drive it from the waiting thread: wait until next_check(), then call check(); go on waiting
/// while check() returns true.
class PatientDeadline {
 public:
  /// The clock every time point of a deadline is on.
  using Clock = std::chrono::steady_clock;
  /// What the watched threads have run so far (a sample_activity(), maybe filtered).
  using Probe = std::function<ActivitySample()>;

  /// How many times its budget a limit may stretch to while the work goes on.
  static constexpr int kPatience = 3;

  /// A limit of `budget` from `start` on the threads that `probe` samples.
  PatientDeadline(std::chrono::milliseconds budget, Probe probe,
                  Clock::time_point start = Clock::now());

  /// When to call check() next.
  [[nodiscard]] Clock::time_point next_check() const { return next_check_; }

  /// Samples the threads. False when the limit is reached: at the budget with no work done in
  /// the last window, or at kPatience times the budget. True when the wait goes on.
  bool check();

  /// The budget it started with.
  [[nodiscard]] std::chrono::milliseconds budget() const { return budget_; }
  /// How long since the start.
  [[nodiscard]] std::chrono::milliseconds elapsed() const;
  /// Whether it moved past its budget because the threads kept working.
  [[nodiscard]] bool stretched() const { return stretched_; }
  /// Whether the threads did work in the last window checked (at the end: an endless loop or
  /// very slow work, not a deadlock). False too when the counters could not be read.
  [[nodiscard]] bool working() const { return working_; }

 private:
  std::chrono::milliseconds budget_;
  Probe probe_;
  Clock::time_point start_;
  Clock::time_point limit_;
  std::chrono::milliseconds window_;
  Clock::time_point next_check_;
  std::optional<ActivitySample> previous_;
  Clock::time_point previous_at_;
  bool stretched_ = false;
  bool working_ = false;
};

/// The activity of this process and of every process it started, leaving out the thread that
/// calls it (the one that watches): the probe of a watchdog.
[[nodiscard]] ActivitySample activity_of_others();

}  // namespace conclab
