#include "transfer.hpp"

#include <mutex>

namespace lab06 {

void transfer(Account& from, Account& to, long amount) {
  if (&from == &to) {
    return;
  }
  // BROKEN: an order, but not a fixed one. Balances change, so the account that is locked
  // first for a pair changes too, and two transfers can still take a pair in opposite orders.
  // (Reading the balances before holding the locks is a data race as well.)
  Account& first = from.balance >= to.balance ? from : to;
  Account& second = &first == &from ? to : from;
  const std::scoped_lock hold_first(first.mutex);
  const std::scoped_lock hold_second(second.mutex);
  from.balance -= amount;
  to.balance += amount;
}

}  // namespace lab06
