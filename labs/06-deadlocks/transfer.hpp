/// @file transfer.hpp
/// @brief Task 1: a transfer between two accounts that can never deadlock.
#pragma once

#include "account.hpp"

namespace lab06 {

/// Moves `amount` from `from` to `to`, holding both accounts' mutexes while it changes the two
/// balances, so that nobody ever sees the money in neither account or in both.
///
/// Any number of threads may transfer between any accounts at the same time, in either
/// direction, and none may ever wait forever: no lock-order inversion. A transfer from an
/// account to itself changes nothing (and must not lock its mutex twice). Balances may go
/// below zero.
void transfer(Account& from, Account& to, long amount);

}  // namespace lab06
