// Linked into every demo: the whole run is under a watchdog, so a demo that hangs (on
// purpose, in the deadlock labs, or by a bug) ends with a report instead of hanging.
#include <chrono>
#include <cstdlib>

#include "conclab/watchdog.hpp"

namespace {

std::chrono::milliseconds demo_budget() {
  double seconds = 30.0;
  if (const char* text = std::getenv("CONCLAB_DEMO_TIMEOUT")) {
    if (const double from_env = std::strtod(text, nullptr); from_env > 0) {
      seconds = from_env;
    }
  }
  return std::chrono::milliseconds(static_cast<long>(seconds * conclab::timeout_scale() * 1e3));
}

const conclab::Watchdog demo_watchdog(demo_budget(), "the demo");

}  // namespace
