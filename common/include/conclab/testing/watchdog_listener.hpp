/// @file watchdog_listener.hpp
/// @brief Puts every GoogleTest test under a conclab::Watchdog.
#pragma once

#include <gtest/gtest.h>

#include <chrono>

#include "conclab/watchdog.hpp"

namespace conclab::testing {

/// The deadline of each test of this executable: the lab's timeout for the test kind
/// (lab.json "timeouts"), or CONCLAB_TEST_TIMEOUT seconds from the environment, times
/// timeout_scale().
std::chrono::milliseconds test_deadline();

/// Gives the running test `budget` more time from now, for a test that knows it is slow.
void extend_deadline(std::chrono::milliseconds budget);

/// Arms the watchdog when each test starts and disarms it when the test ends, so a hung test
/// ends the executable with a report naming it instead of hanging the runner.
class WatchdogListener final : public ::testing::EmptyTestEventListener {
 public:
  /// Arms the watchdog with test_deadline() for `test`.
  void OnTestStart(const ::testing::TestInfo& test) override;
  /// Disarms the watchdog.
  void OnTestEnd(const ::testing::TestInfo& test) override;
  /// Gives the program test_deadline() (10 s at least) to end after its last test. One that
  /// does not, held up by threads it left running (detached ones, say) or by a hang at exit,
  /// is ended then with a "conclab watchdog:" line that says so, and exit status 1, instead of
  /// keeping its runner waiting until the runner's own limit.
  void OnTestProgramEnd(const ::testing::UnitTest& unit) override;
};

}  // namespace conclab::testing
