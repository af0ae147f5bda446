/// @file lock_order_expectations.hpp
/// @brief GoogleTest helpers that fail a test when conclab::CheckedMutex reports a lock-order
/// problem (header-only, so that conclab::lock_order does not depend on GoogleTest).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <utility>

#include "conclab/lock_order.hpp"

namespace conclab::testing {

/// While it exists, every lock-order report fails the running test, with the report as the
/// message, instead of going to the handler that was there before (restored at the end).
/// Reports made on other threads fail the running test too.
/// @code
///   TEST(Bank, TransfersNeverRiskADeadlock) {
///     const conclab::testing::FailTestOnLockOrderReport no_lock_order_problems;
///     run_transfers_both_ways(bank);
///   }
/// @endcode
class FailTestOnLockOrderReport {
 public:
  /// Makes reports fail the running test.
  FailTestOnLockOrderReport()
      : previous_(set_lock_order_handler(
            [](const LockOrderReport& report) { ADD_FAILURE() << report.text; })) {}
  FailTestOnLockOrderReport(const FailTestOnLockOrderReport&) = delete;
  FailTestOnLockOrderReport& operator=(const FailTestOnLockOrderReport&) = delete;
  FailTestOnLockOrderReport(FailTestOnLockOrderReport&&) = delete;
  FailTestOnLockOrderReport& operator=(FailTestOnLockOrderReport&&) = delete;
  /// Gives reports back to the handler that was there before.
  ~FailTestOnLockOrderReport() { set_lock_order_handler(std::move(previous_)); }

 private:
  LockOrderHandler previous_;
};

/// A GoogleTest event listener that puts every test under a FailTestOnLockOrderReport, for a
/// test program whose locks are all checked:
/// @code
///   ::testing::UnitTest::GetInstance()->listeners().Append(
///       new conclab::testing::LockOrderListener);  // GoogleTest owns and deletes it
/// @endcode
class LockOrderListener final : public ::testing::EmptyTestEventListener {
 public:
  /// Makes reports fail `test`.
  void OnTestStart(const ::testing::TestInfo& /*test*/) override { failing_.emplace(); }
  /// Gives reports back to the handler that was there before the test.
  void OnTestEnd(const ::testing::TestInfo& /*test*/) override { failing_.reset(); }

 private:
  std::optional<FailTestOnLockOrderReport> failing_;
};

}  // namespace conclab::testing
