/// @file completion_queue.hpp
/// @brief Task 3: hands out futures in the order they finish, the machinery behind
/// as_completed() and wait().
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "future.hpp"

namespace lab05 {

/// Watches a list of futures and hands out their positions in the list in the order the
/// futures become done (finished or cancelled), each position exactly once.
///
/// Futures that are already done when the queue is made come out first. The queue must be
/// used by one thread at a time, but the futures may finish on any threads, before or after
/// the queue is destroyed.
class CompletionQueue {
 public:
  /// Starts watching `futures`.
  explicit CompletionQueue(const std::vector<std::shared_ptr<FutureCore>>& futures);

  /// Blocks until a future not handed out yet is done, and returns its position in the list;
  /// nothing if every future has been handed out, or if `deadline` (when given) passes first.
  std::optional<std::size_t> next(std::optional<Clock::time_point> deadline = std::nullopt);

  /// How many futures have not been handed out by next() yet.
  [[nodiscard]] std::size_t remaining() const { return remaining_; }

 private:
  // TODO(task 3): add what the futures' done callbacks and next() share. Mind that a future
  // may finish after this queue is gone.
  std::size_t remaining_;
};

}  // namespace lab05
