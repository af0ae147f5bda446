#include "conclab/testing/watchdog_listener.hpp"

#include <string>

#include "conclab/environment.hpp"

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

}  // namespace conclab::testing
