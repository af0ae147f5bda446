#include "transfer.hpp"

#include <mutex>

namespace lab06 {

namespace {

std::mutex bank_mutex;  // BROKEN: one lock for every transfer of the bank

}  // namespace

void transfer(Account& from, Account& to, long amount) {
  if (&from == &to) {
    return;
  }
  // BROKEN: correct and deadlock-free, but every transfer takes turns with every other, even
  // between accounts they do not share: the fix cost the bank all its parallelism.
  const std::scoped_lock hold_bank(bank_mutex);
  const std::scoped_lock hold_both(from.mutex, to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

}  // namespace lab06
