/// @file as_completed.hpp
/// @brief Given: futures in the order they finish (Python's `concurrent.futures.as_completed`),
/// a range over your CompletionQueue.
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "completion_queue.hpp"
#include "future.hpp"

namespace lab05 {

/// The futures of a list in the order they become done, as a range for a range-based for
/// loop. Made by as_completed().
template <typename T>
class AsCompleted {
 public:
  /// Watches `futures` until `deadline`, if there is one.
  AsCompleted(std::vector<Future<T>> futures, std::optional<Clock::time_point> deadline)
      : futures_(std::move(futures)), finished_(cores_of(futures_)), deadline_(deadline) {}

  /// Walks the futures as they finish. Moving to the next one blocks until it is done.
  class Iterator {
   public:
    using value_type = Future<T>;
    using difference_type = std::ptrdiff_t;

    /// The next future to finish of `owner`'s (an iterator at the end if there are none).
    explicit Iterator(AsCompleted& owner) : owner_(&owner) { advance(); }

    /// The future that finished.
    const Future<T>& operator*() const { return owner_->futures_[position_]; }
    /// The future that finished.
    const Future<T>* operator->() const { return &owner_->futures_[position_]; }

    /// Moves on to the next future to finish, blocking until it does.
    /// @throws TimeoutError if the deadline passes first.
    Iterator& operator++() {
      advance();
      return *this;
    }
    /// As the prefix form.
    void operator++(int) { advance(); }

    /// Whether every future has been handed out.
    friend bool operator==(const Iterator& it, std::default_sentinel_t) { return it.at_end_; }

   private:
    void advance() {
      if (const auto position = owner_->finished_.next(owner_->deadline_)) {
        position_ = *position;
      } else if (owner_->finished_.remaining() > 0) {
        throw TimeoutError(std::to_string(owner_->finished_.remaining()) + " of " +
                           std::to_string(owner_->futures_.size()) +
                           " futures were not done when the timeout passed");
      } else {
        at_end_ = true;
      }
    }

    AsCompleted* owner_;
    std::size_t position_ = 0;
    bool at_end_ = false;
  };

  /// Blocks until the first future is done.
  Iterator begin() { return Iterator(*this); }
  /// Where the futures run out.
  std::default_sentinel_t end() { return {}; }

 private:
  std::vector<Future<T>> futures_;
  CompletionQueue finished_;
  std::optional<Clock::time_point> deadline_;
};

/// The futures of `futures` in the order they become done (those already done first), each
/// once, for a range-based for loop:
/// @code
///   for (const auto& future : as_completed(futures)) {
///     use(future.result());  // never blocks: the future is done
///   }
/// @endcode
/// With a `timeout`, the loop throws TimeoutError if it has not seen every future done when the
/// timeout (counted from this call) passes.
template <typename T>
AsCompleted<T> as_completed(std::vector<Future<T>> futures,
                            std::optional<Clock::duration> timeout = std::nullopt) {
  std::optional<Clock::time_point> deadline;
  if (timeout) {
    deadline = Clock::now() + *timeout;
  }
  return AsCompleted<T>(std::move(futures), deadline);
}

}  // namespace lab05
