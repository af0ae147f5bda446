#include "conclab/testing/watchdog_listener.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

#include "conclab/environment.hpp"

namespace conclab::testing {

std::chrono::seconds configured_test_timeout();  // per executable: see test_timeout.cpp

namespace {

Watchdog& test_watchdog() {
  static Watchdog watchdog;
  return watchdog;
}

/// The least time a program has to end after its last test.
constexpr std::chrono::seconds kLeastExitTime{10};

constexpr std::string_view kStuckAtExit =
    "\nconclab watchdog: the program did not end after its last test: threads it left running "
    "(detached ones?) or a hang at exit kept it alive, so it was ended here\n";

std::string full_name(const ::testing::TestInfo& test) {
  return std::string(test.test_suite_name()) + "." + test.name();
}

}  // namespace

std::chrono::milliseconds test_deadline() {
  const double seconds = env_positive_number("CONCLAB_TEST_TIMEOUT")
                             .value_or(static_cast<double>(configured_test_timeout().count()));
  return std::chrono::milliseconds(static_cast<long>(seconds * timeout_scale() * 1000.0));
}

void extend_deadline(std::chrono::milliseconds budget) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  test_watchdog().arm(budget, test != nullptr ? full_name(*test) : "the test");
}

void WatchdogListener::OnTestStart(const ::testing::TestInfo& test) {
  test_watchdog().arm(test_deadline(), "test " + full_name(test));
}

void WatchdogListener::OnTestEnd(const ::testing::TestInfo& /*test*/) {
  test_watchdog().disarm();
}

void WatchdogListener::OnTestProgramEnd(const ::testing::UnitTest& /*unit*/) {
  const auto limit = std::max<std::chrono::milliseconds>(kLeastExitTime, test_deadline());
  // A thread of its own, not the watchdog's: that one ends with the program's statics, and a
  // hang at exit can come after them. This one is still there then, and dies with the process
  // when the exit ends. (Not an alarm signal: ThreadSanitizer holds a signal back while the
  // thread it would interrupt waits for a mutex, which is just how an exit hangs.)
  try {
    std::thread([limit] {
      std::this_thread::sleep_for(limit);
      static_cast<void>(!::write(STDERR_FILENO, kStuckAtExit.data(), kStuckAtExit.size()));
      ::_exit(1);
    }).detach();
  } catch (const std::system_error&) {
    // No thread to be had (a fork bomb took them all): the runner's own limit still holds.
  }
}

}  // namespace conclab::testing
