// Runs one scenario of the demo in a child process (the demo itself, with --scenario NAME), so
// that the watchdog which ends a deadlocked scenario ends only that child.
#pragma once

#include <string>
#include <string_view>

namespace lab06::demo {

/// How a child process ended, and what it wrote.
struct ChildOutcome {
  bool started = false;  ///< False when the child could not be started at all.
  std::string output;    ///< Its standard output and standard error, interleaved.
  int exit_code = -1;    ///< Its exit code, when it exited (-1 otherwise).
  int signal = 0;        ///< The signal that killed it, when one did (0 otherwise).
  double seconds = 0;    ///< How long it ran.
};

/// Runs this program again as `demo --scenario NAME`, with the watchdog's deadline for the whole
/// child (CONCLAB_DEMO_TIMEOUT) set to `watchdog_seconds`, and waits for it to end.
ChildOutcome run_scenario_in_child(std::string_view scenario, double watchdog_seconds);

}  // namespace lab06::demo
