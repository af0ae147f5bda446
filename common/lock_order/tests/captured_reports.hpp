// Test helpers: catching lock-order reports instead of printing them, and naming lines.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "conclab/lock_order.hpp"

namespace conclab::lock_order_tests {

/// While it exists, lock-order reports are kept here instead of going to the handler that was
/// there before (which it restores).
class CapturedReports {
 public:
  CapturedReports()
      : previous_(set_lock_order_handler([this](const LockOrderReport& report) {
          const std::scoped_lock lock(mutex_);
          reports_.push_back(report);
        })) {}
  CapturedReports(const CapturedReports&) = delete;
  CapturedReports& operator=(const CapturedReports&) = delete;
  CapturedReports(CapturedReports&&) = delete;
  CapturedReports& operator=(CapturedReports&&) = delete;
  ~CapturedReports() { set_lock_order_handler(std::move(previous_)); }

  /// The reports so far.
  [[nodiscard]] std::vector<LockOrderReport> reports() const {
    const std::scoped_lock lock(mutex_);
    return reports_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<LockOrderReport> reports_;
  LockOrderHandler previous_;  // last: the handler it installs uses the members above
};

/// "cycle_report_test.cpp:31": how a report names line `line` of test file `file`.
inline std::string site(std::string_view file, int line) {
  return std::string(file) + ':' + std::to_string(line);
}

/// True when `text` contains `part`.
inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace conclab::lock_order_tests
