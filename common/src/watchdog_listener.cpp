#include "conclab/testing/watchdog_listener.hpp"

#include <cstdlib>
#include <string>

namespace conclab::testing {

std::chrono::seconds configured_test_timeout();  // per executable: see test_timeout.cpp

namespace {

Watchdog& test_watchdog() {
  static Watchdog watchdog;
  return watchdog;
}

std::string full_name(const ::testing::TestInfo& test) {
  return std::string(test.test_suite_name()) + "." + test.name();
}

}  // namespace

std::chrono::milliseconds test_deadline() {
  double seconds = static_cast<double>(configured_test_timeout().count());
  if (const char* text = std::getenv("CONCLAB_TEST_TIMEOUT")) {
    if (const double from_env = std::strtod(text, nullptr); from_env > 0) {
      seconds = from_env;
    }
  }
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

}  // namespace conclab::testing
