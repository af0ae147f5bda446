/// @file spurious_wakeups.hpp
/// @brief Spurious wake-ups on demand, so that a test can check that a timed wait keeps one
/// deadline however often it is woken.
#pragma once

#include <chrono>
#include <cstdint>

namespace conclab::testing {

/// While an object of this class lives, every timed wait on a condition variable in the process
/// (std::condition_variable::wait_for and wait_until, on either clock) wakes up at least every
/// `every`, for the first `lasting` of the object's life: the wait returns as if notified,
/// with nothing changed. POSIX allows such spurious wake-ups at any time.
///
/// A wait with a predicate, or a loop around wait_until with one deadline computed before it,
/// still gives up at its deadline. A loop that calls wait_for(timeout) again after each wake-up
/// starts the timeout anew every time, and gives up only once the wake-ups stop: a test can
/// tell the two apart by time, with a generous ratio, and without racing threads for an item.
///
/// It works by defining pthread_cond_clockwait and pthread_cond_timedwait in the test
/// program, which then calls them instead of the C library's (and forwards to those). Under a
/// sanitizer, which intercepts the same functions, it does nothing: available() is false.
/// One object at a time.
class SpuriousWakeups {
 public:
  /// Starts waking every timed wait at least every `every`, for `lasting` from now.
  SpuriousWakeups(std::chrono::milliseconds every, std::chrono::milliseconds lasting);
  /// Stops the wake-ups: waits run to their own deadlines again.
  ~SpuriousWakeups();
  SpuriousWakeups(const SpuriousWakeups&) = delete;
  SpuriousWakeups& operator=(const SpuriousWakeups&) = delete;

  /// Whether this build can wake waits up (false under a sanitizer).
  [[nodiscard]] static bool available();

  /// How many spurious wake-ups it has caused so far.
  [[nodiscard]] std::uint64_t caused() const;
};

}  // namespace conclab::testing
