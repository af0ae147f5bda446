#include "transfer.hpp"

#include <mutex>

namespace lab06 {

void transfer(Account& from, Account& to, long amount) {
  // TODO(task 1): this takes `from` first and `to` second. When one thread transfers from a
  // to b while another transfers from b to a, each can take its first account and then wait
  // forever for the other's: a lock-order inversion. Take both mutexes in a way that never
  // waits for one while holding the other in the opposite order, and make a transfer from an
  // account to itself change nothing.
  const std::scoped_lock hold_from(from.mutex);
  const std::scoped_lock hold_to(to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

}  // namespace lab06
