#include "transfer.hpp"

#include <mutex>

namespace lab06 {

void transfer(Account& from, Account& to, long amount) {
  if (&from == &to) {
    return;
  }
  // BROKEN: `from` first, then `to`. A transfer from a to b and one from b to a, at the same
  // time, can each hold their first account and wait forever for the other's.
  const std::scoped_lock hold_from(from.mutex);
  const std::scoped_lock hold_to(to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

}  // namespace lab06
