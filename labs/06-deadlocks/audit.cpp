#include "audit.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace lab06 {

long audit_total(std::span<Account* const> accounts) {
  std::vector<Account*> by_id(accounts.begin(), accounts.end());
  std::sort(by_id.begin(), by_id.end(),
            [](const Account* left, const Account* right) { return left->id < right->id; });
  std::vector<std::unique_lock<conclab::CheckedMutex>> held;
  held.reserve(by_id.size());
  for (Account* account : by_id) {
    held.emplace_back(account->mutex);  // one at a time, in the bank's order
  }
  long total = 0;
  for (const Account* account : by_id) {
    total += account->balance;
  }
  return total;  // `held` unlocks every account on the way out
}

}  // namespace lab06
