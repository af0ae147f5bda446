#include "transfer.hpp"

#include <mutex>

namespace lab06 {

void transfer(Account& from, Account& to, long amount) {
  // BROKEN: never holds two locks, so it cannot deadlock; but between the two steps the
  // money is in neither account, and an audit at that moment finds it missing.
  {
    const std::scoped_lock hold_from(from.mutex);
    from.balance -= amount;
  }
  const std::scoped_lock hold_to(to.mutex);
  to.balance += amount;
}

}  // namespace lab06
