/// @file blocking_queue.hpp
/// @brief Tasks 1 and 2: a bounded blocking queue that can be closed, and Python's
/// task_done()/join() accounting.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <utility>

namespace lab04 {

/// A first-in, first-out queue of at most capacity() items, shared by any number of producer
/// and consumer threads: the C++ counterpart of Python's `queue.Queue(maxsize)`.
///
/// - push() waits while the queue is full, pop() while it is empty.
/// - close() announces that no more items will come and wakes every thread that waits. After
///   it, pushes are refused; pops still hand out the items left, then report "closed and
///   drained" by returning std::nullopt.
/// - Every item pushed is an unfinished task until some thread calls task_done() for it;
///   join() waits until no task is unfinished (Python's `Queue.task_done()` and `Queue.join()`).
///
/// Every member function may be called from any thread at any time.
template <typename T>
class BlockingQueue {
 public:
  /// An empty, open queue with room for `capacity` items.
  /// @throws std::invalid_argument when `capacity` is 0: nothing could ever be pushed.
  explicit BlockingQueue(std::size_t capacity) : capacity_(capacity) {
    if (capacity == 0) {
      throw std::invalid_argument("BlockingQueue: the capacity must be at least 1");
    }
  }

  /// Appends `item`, first waiting for as long as the queue is full.
  /// @return true once the item is in the queue; false when the queue is closed, before the
  ///         call or while it waited (the item is then dropped).
  [[nodiscard]] bool push(T item) {
    // TODO(task 1): wait, asleep, for as long as the queue is full and open; then refuse the
    // item if the queue is closed, or add it and wake a consumer that waits for one.
    static_cast<void>(item);
    return false;
  }

  /// Appends `item` if there is room, without waiting.
  /// @return true when the item was added; false when the queue is full or closed.
  [[nodiscard]] bool try_push(T item) {
    // TODO(task 1): as push(), but return false at once instead of waiting for room.
    static_cast<void>(item);
    return false;
  }

  /// Removes and returns the oldest item, first waiting for as long as the queue is empty and
  /// open.
  /// @return the item; std::nullopt only when the queue is closed and has no items left.
  [[nodiscard]] std::optional<T> pop() {
    // TODO(task 1): wait, asleep, for as long as the queue is empty and open; then take the
    // oldest item and wake a producer that waits for room, or report "closed and drained".
    return std::nullopt;
  }

  /// As pop(), but gives up once `timeout` has passed with the queue still empty and open.
  /// @return the item; std::nullopt when the time ran out, or the queue is closed and drained.
  template <typename Rep, typename Period>
  [[nodiscard]] std::optional<T> pop_for(std::chrono::duration<Rep, Period> timeout) {
    // TODO(task 1): as pop(), but give up when `timeout` runs out.
    static_cast<void>(timeout);
    return std::nullopt;
  }

  /// Closes the queue: no item is accepted any more, and every thread waiting in push(),
  /// pop() or pop_for() wakes up. Items already in the queue can still be popped. Closing
  /// again does nothing.
  void close() {
    // TODO(task 1): mark the queue closed and wake every thread that waits in it.
  }

  /// Marks one item as processed (Python's `Queue.task_done()`). Call it once for every item
  /// popped, when the work on it is finished.
  /// @throws std::logic_error when called more often than items were pushed.
  void task_done() {
    // TODO(task 2): count one unfinished task less (throw std::logic_error if there is none),
    // and wake the threads in join() when none is left.
  }

  /// Waits until task_done() has been called for every item ever pushed (Python's
  /// `Queue.join()`). Returns at once when no task is unfinished.
  void join() {
    // TODO(task 2): wait, asleep, until no task is unfinished.
  }

  /// How many items the queue holds now (by the time the caller looks, it may have changed).
  [[nodiscard]] std::size_t size() const {
    // TODO(task 1): the number of items in the queue.
    return 0;
  }

  /// The most items the queue ever holds at once.
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

  /// Whether close() has been called.
  [[nodiscard]] bool is_closed() const {
    // TODO(task 1): whether close() has been called.
    return false;
  }

 private:
  const std::size_t capacity_;
  // TODO(task 1): add a mutex, the items, whether the queue is closed, and a condition variable
  // for each thing a thread may wait for (room to push, an item to pop).
  // TODO(task 2): add the count of unfinished tasks, and what join() waits on.
};

}  // namespace lab04
