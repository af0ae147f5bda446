// A few accounts for the tests, owned through a std::shared_ptr so that a stuck scenario can
// keep them alive (see bounded_run.hpp).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "account.hpp"
#include "audit.hpp"

namespace lab06::testing {

/// Accounts numbered 1, 2, ..., each opened with the same balance.
class TestBank {
 public:
  /// `accounts` accounts of `opening_balance` each, behind a shared pointer.
  static std::shared_ptr<TestBank> open(std::size_t accounts, long opening_balance) {
    return std::make_shared<TestBank>(accounts, opening_balance);
  }

  TestBank(std::size_t accounts, long opening_balance) {
    for (std::size_t index = 0; index < accounts; ++index) {
      accounts_.push_back(std::make_unique<Account>(static_cast<int>(index) + 1, opening_balance));
      pointers_.push_back(accounts_.back().get());
    }
  }

  /// Account `index` (from 0: account number index + 1).
  Account& operator[](std::size_t index) { return *accounts_.at(index); }
  /// How many accounts there are.
  [[nodiscard]] std::size_t size() const { return accounts_.size(); }
  /// The total of every balance, read by the bank's audit.
  long total() { return audit_total(pointers_); }
  /// Every account.
  [[nodiscard]] const std::vector<Account*>& all() const { return pointers_; }

 private:
  std::vector<std::unique_ptr<Account>> accounts_;
  std::vector<Account*> pointers_;
};

/// A small, seeded generator of pseudo-random numbers, the same on every run.
class Dice {
 public:
  explicit Dice(unsigned long seed) : state_(seed) {}
  /// A number in [0, bound).
  std::size_t roll(std::size_t bound) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state_ >> 33U) % bound);
  }

 private:
  unsigned long long state_;
};

}  // namespace lab06::testing
