// A few accounts for the tests, owned through a std::shared_ptr so that a stuck scenario can
// keep them alive (see bounded_run.hpp).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "account.hpp"
#include "audit.hpp"

namespace lab06::testing {

/// Accounts numbered 1, 2, ..., each opened with the same balance.
///
/// They live in one array in *decreasing* number order: account 1 has the highest address. So a
/// lock order by address is never the bank's order by number, on any allocator, and code that
/// orders its locks by address is caught every time, not only when the heap happens to hand
/// out addresses against the numbers.
class TestBank {
 public:
  /// `accounts` accounts of `opening_balance` each, behind a shared pointer.
  static std::shared_ptr<TestBank> open(std::size_t accounts, long opening_balance) {
    return std::make_shared<TestBank>(accounts, opening_balance);
  }

  TestBank(std::size_t accounts, long opening_balance)
      : slots_(std::make_unique<std::optional<Account>[]>(accounts)), size_(accounts) {
    for (std::size_t index = 0; index < accounts; ++index) {
      pointers_.push_back(
          &slots_[accounts - 1 - index].emplace(static_cast<int>(index) + 1, opening_balance));
    }
  }

  /// Account `index` (from 0: account number index + 1).
  Account& operator[](std::size_t index) { return *pointers_.at(index); }
  /// How many accounts there are.
  [[nodiscard]] std::size_t size() const { return size_; }
  /// The total of every balance, read by the bank's audit.
  long total() { return audit_total(pointers_); }
  /// Every account, by number.
  [[nodiscard]] const std::vector<Account*>& all() const { return pointers_; }

 private:
  std::unique_ptr<std::optional<Account>[]> slots_;  // slot k holds account size_ - k
  std::size_t size_;
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
