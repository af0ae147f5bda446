/// @file patience.hpp
/// @brief Test support: how long a test waits for something that should happen at once, and
/// a check that a future finishes in that time.
#pragma once

#include <gtest/gtest.h>

#include <chrono>

#include "conclab/watchdog.hpp"
#include "future.hpp"

namespace lab05::testing {

/// How long to wait for a future that should finish promptly: long enough for a loaded
/// machine (and three times that under a sanitizer), short enough to fail before the watchdog.
inline std::chrono::milliseconds patience() {
  return std::chrono::milliseconds(static_cast<long>(2000 * conclab::timeout_scale()));
}

/// Passes when `future` is done within patience(); otherwise says that it never finished.
template <typename T>
::testing::AssertionResult finishes(const Future<T>& future) {
  if (!future.valid()) {
    return ::testing::AssertionFailure() << "the future refers to no task";
  }
  if (future.wait_for(patience())) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "the future was still not done after " << patience().count()
         << " ms: did its task never run, or did nothing store its result or exception?";
}

}  // namespace lab05::testing
