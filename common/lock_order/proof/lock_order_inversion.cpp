// A lock-order inversion that does not deadlock: one thread transfers from A to B and finishes,
// then another transfers from B to A. Had they run at the same time, each could have held its
// first account and waited forever for the other's. The lock-order checker reports it, and so
// does ThreadSanitizer's detect_deadlocks: lock_order.tsan-and-checker-agree runs both.
#include <cstdio>
#include <mutex>
#include <thread>

#include "conclab/checked_mutex.hpp"

namespace {

struct Account {
  explicit Account(const char* name) : mutex(name) {}
  conclab::CheckedMutex mutex;
  long balance = 100;
};

void transfer(Account& from, Account& to, long amount) {
  const std::scoped_lock hold_from(from.mutex);
  const std::scoped_lock hold_to(to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

}  // namespace

int main() {
  Account account_a("account A");
  Account account_b("account B");
  std::jthread(transfer, std::ref(account_a), std::ref(account_b), 10).join();
  std::jthread(transfer, std::ref(account_b), std::ref(account_a), 20).join();
  std::printf("balances: A %ld, B %ld (no deadlock this time)\n", account_a.balance,
              account_b.balance);
  return 0;
}
