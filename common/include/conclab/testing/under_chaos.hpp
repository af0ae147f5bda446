/// @file under_chaos.hpp
/// @brief Whether a test program runs under chaos scheduling, for tests that change their volume.
#pragma once

#include <cstdlib>

#include "conclab/chaos.hpp"

namespace conclab::testing {

/// True when this run is under seeded chaos scheduling (lab.json "chaos_runs"; the chaos library
/// reads the same variable). Chaos pauses at every lock, so a test may use less volume there: it
/// finds a check-then-act bug in far fewer operations, and every operation is slower.
inline bool under_chaos() {
  static const bool active =
      chaos::parse_settings(std::getenv("CONCLAB_CHAOS_SEED"),  // NOLINT(concurrency-mt-unsafe)
                            nullptr, nullptr)
          .active;
  return active;
}

}  // namespace conclab::testing
