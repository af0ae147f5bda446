// Linked into every demo: the whole run is under a watchdog, so a demo that hangs (on
// purpose, in the deadlock labs, or by a bug) ends with a report instead of hanging.
#include <chrono>

#include "conclab/environment.hpp"
#include "conclab/watchdog.hpp"

namespace {

std::chrono::milliseconds demo_budget() {
  const double seconds = conclab::env_positive_number("CONCLAB_DEMO_TIMEOUT").value_or(30.0);
  return std::chrono::milliseconds(static_cast<long>(seconds * conclab::timeout_scale() * 1e3));
}

const conclab::Watchdog demo_watchdog(demo_budget(), "the demo");

}  // namespace
