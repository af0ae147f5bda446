// The GoogleTest helpers of conclab::testing: a lock-order report fails the running test.
#include "conclab/testing/lock_order_expectations.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "conclab/checked_mutex.hpp"

namespace {

using conclab::CheckedLock;
using conclab::CheckedMutex;

void take_in_order(CheckedMutex& first, CheckedMutex& second) {
  const CheckedLock hold_first(first);
  const CheckedLock hold_second(second);
}

}  // namespace

TEST(FailTestOnLockOrderReport, AnInversionFailsTheTestWithTheReport) {
  CheckedMutex a{"account A"};
  CheckedMutex b{"account B"};
  EXPECT_NONFATAL_FAILURE(
      {
        const conclab::testing::FailTestOnLockOrderReport fail_on_report;
        take_in_order(a, b);
        take_in_order(b, a);
      },
      "conclab lock-order: possible deadlock: \"account A\"");
}

TEST(FailTestOnLockOrderReport, OneOrderPasses) {
  const auto reports_before = conclab::lock_order_reports().size();
  const conclab::testing::FailTestOnLockOrderReport fail_on_report;
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  take_in_order(a, b);
  take_in_order(a, b);
  EXPECT_EQ(conclab::lock_order_reports().size(), reports_before);
}

TEST(FailTestOnLockOrderReport, RestoresTheHandlerBeforeIt) {
  int seen = 0;
  auto previous = conclab::set_lock_order_handler([&seen](const auto& /*report*/) { ++seen; });
  { const conclab::testing::FailTestOnLockOrderReport fail_on_report; }
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  take_in_order(a, b);
  take_in_order(b, a);
  conclab::set_lock_order_handler(std::move(previous));
  EXPECT_EQ(seen, 1);
}

TEST(LockOrderListener, FailsTheTestsInWhichAReportIsMade) {
  conclab::testing::LockOrderListener listener;
  const ::testing::TestInfo& this_test = *::testing::UnitTest::GetInstance()->current_test_info();
  CheckedMutex a{"A"};
  CheckedMutex b{"B"};
  EXPECT_NONFATAL_FAILURE(
      {
        listener.OnTestStart(this_test);
        take_in_order(a, b);
        take_in_order(b, a);
        listener.OnTestEnd(this_test);
      },
      "possible deadlock");
}
