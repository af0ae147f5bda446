/// @file turn_taker.hpp
/// @brief Task 3: threads that take turns in a fixed order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace lab01 {

/// Lets `parties` threads take turns in the fixed order 0, 1, ..., parties - 1, 0, 1, ...
///
/// Party p calls wait_for_turn(p), does its work, then end_turn(p), which hands the turn
/// to party (p + 1) % parties. The turn starts with party 0.
class TurnTaker {
 public:
  /// Prepares turns for `parties` parties.
  explicit TurnTaker(std::size_t parties) : parties_(parties) {}

  /// Blocks the calling thread until it is `party`'s turn.
  void wait_for_turn(std::size_t party);

  /// Ends `party`'s turn and wakes the next party. Call it only during `party`'s turn.
  void end_turn(std::size_t party);

 private:
  std::size_t parties_;
  std::mutex mutex_;                 ///< Guards current_.
  std::condition_variable changed_;  ///< Signalled whenever current_ changes.
  std::size_t current_ = 0;          ///< Whose turn it is.
};

}  // namespace lab01
