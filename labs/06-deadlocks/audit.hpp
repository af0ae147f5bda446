/// @file audit.hpp
/// @brief The bank's audit: the total of many accounts, taken while none of them can change.
#pragma once

#include <span>

#include "account.hpp"

namespace lab06 {

/// The sum of the balances of `accounts` (distinct accounts), read while holding every one of
/// their mutexes, so that no transfer between them is half done. It takes the mutexes in the
/// bank's lock order, by increasing id.
long audit_total(std::span<Account* const> accounts);

}  // namespace lab06
