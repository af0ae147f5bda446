#include "transfer.hpp"

#include <mutex>

namespace lab06 {

void transfer(Account& from, Account& to, long amount) {
  if (&from == &to) {
    return;  // nothing moves, and std::scoped_lock must not be given one mutex twice
  }
  // std::scoped_lock with two mutexes never waits for one while it holds the other: it takes
  // one and only tries the other, backing off and starting again if that fails. So transfers
  // in opposite directions cannot deadlock, whichever order they name the accounts in.
  const std::scoped_lock hold_both(from.mutex, to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

}  // namespace lab06
