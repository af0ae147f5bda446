/// @file watchdog.hpp
/// @brief Turns a hang into a report: a deadline that, once passed, ends the process.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace conclab {

/// Exit code of a process that the watchdog ended.
inline constexpr int kWatchdogExitCode = 86;

/// What every line of a watchdog report starts with, so tools can pick the report out.
inline constexpr std::string_view kWatchdogReportPrefix = "conclab watchdog:";

/// A background thread that ends the whole process, with a report of what every thread
/// was doing, when the current deadline passes before disarm() is called.
///
/// Arm it for each piece of work (a test, a demo); a report names the piece that hung.
/// Every line of the report starts with kWatchdogReportPrefix.
///
/// The deadline judges progress (PatientDeadline): when the budget runs out while the
/// process's threads, or the processes it started, are still working, the work gets more
/// time, up to PatientDeadline::kPatience times the budget. Correct code slowed down by a
/// busy machine or by chaos scheduling is not taken for a hang; a deadlock is reported at
/// the budget, an endless loop at the end of the stretch.
///
/// A process that waits for good is reported sooner, about two seconds after arming: when
/// every one of its threads waits on a futex with no time limit (a mutex, a condition variable
/// waited on without a deadline, a join), it started no process, and none of its threads ran
/// for a second, nothing can ever wake it (waits_for_good()).
class Watchdog {
 public:
  Watchdog();
  /// Arms at once: `what` must finish within `budget`.
  Watchdog(std::chrono::milliseconds budget, std::string what);
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  Watchdog(Watchdog&&) = delete;
  Watchdog& operator=(Watchdog&&) = delete;
  /// Disarms and stops the background thread.
  ~Watchdog();

  /// Starts a new deadline, `budget` from now, for the work named `what`.
  void arm(std::chrono::milliseconds budget, std::string what);
  /// Cancels the deadline; nothing happens until the next arm().
  void disarm();

 private:
  void watch(const std::stop_token& stop);

  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::optional<std::chrono::steady_clock::time_point> armed_at_;  // empty while disarmed
  std::uint64_t arming_ = 0;  // counts arm() and disarm() calls: a change ends the current wait
  std::chrono::milliseconds budget_{0};
  std::string what_;
  bool started_ = false;  // set by the thread once it runs under the fork guard
  std::jthread thread_;   // last: it starts after, and stops before, the members it reads
};

/// How much longer deadlines are in this build: 3 under a sanitizer, otherwise 1, unless the
/// environment variable CONCLAB_TIMEOUT_SCALE says otherwise.
double timeout_scale();

/// A plain-words line per thread of this process: its id, name, state and what it waits in;
/// then each process it started (children, theirs, ...) with what each of its threads waits
/// in, and a diagnosis when a parent waits for a child that waits for the parent to read.
std::string describe_threads();

}  // namespace conclab
