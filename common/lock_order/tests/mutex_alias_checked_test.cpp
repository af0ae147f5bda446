// conclab::Mutex in the debug mode of the lab's locks: CONCLAB_CHECK_LOCK_ORDER is defined.
// As target_compile_definitions would, for the whole file.
#define CONCLAB_CHECK_LOCK_ORDER 1  // NOLINT(cppcoreguidelines-macro-usage)
#include <doctest/doctest.h>

#include <mutex>
#include <type_traits>

#include "captured_reports.hpp"
#include "conclab/checked_mutex.hpp"

namespace {

/// Lab code as students write it: a conclab::Mutex and the standard guards.
struct Account {
  conclab::Mutex mutex;
  long balance = 0;
};

void transfer(Account& from, Account& to, long amount) {
  const std::scoped_lock hold_from(from.mutex);
  const std::scoped_lock hold_to(to.mutex);
  from.balance -= amount;
  to.balance += amount;
}

}  // namespace

TEST_CASE("with CONCLAB_CHECK_LOCK_ORDER, conclab::Mutex is a CheckedMutex that reports") {
  CHECK(std::is_same_v<conclab::Mutex, conclab::CheckedMutex>);
  const conclab::lock_order_tests::CapturedReports captured;
  Account alice{};
  Account bob{};
  transfer(alice, bob, 10);
  transfer(bob, alice, 5);
  CHECK(alice.balance == -5);
  CHECK(captured.reports().size() == 1);
}
