/// @file account.hpp
/// @brief A bank account: a balance, and the mutex that guards it.
#pragma once

#include <string>

#include "conclab/checked_mutex.hpp"

namespace lab06 {

/// A bank account whose balance is guarded by a mutex of its own.
///
/// The mutex is a conclab::CheckedMutex: a std::mutex that also watches the order in which
/// each thread takes mutexes, and reports an order that could deadlock the first time it
/// happens, even in a run that did not hang (docs/lock-order-checking.md). Reports name the
/// account ("account 2") and the lines that took it.
///
/// **The bank's lock order.** A thread that holds several accounts at once takes them by
/// increasing `id`. audit_total() does; so must transfer(), if it orders its locks itself.
struct Account {
  /// Account number `number`, holding `opening_balance`. Give every account its own number:
  /// numbers order the locks and name the accounts in reports.
  Account(int number, long opening_balance)
      : id(number), mutex("account " + std::to_string(number)), balance(opening_balance) {}

  int id;                       ///< The account's number. Never changes.
  conclab::CheckedMutex mutex;  ///< Guards `balance`.
  long balance;                 ///< Read or written only while holding `mutex`.
};

}  // namespace lab06
