/// @file blocking_queue.hpp
/// @brief Tasks 1 and 2: a bounded blocking queue that can be closed, and Python's
/// task_done()/join() accounting.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
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
    {
      std::unique_lock lock(mutex_);
      // The predicate is checked again after every wake-up: another producer may have taken
      // the free slot first, and a wait may also end for no reason at all (spuriously).
      not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
      if (closed_) {
        return false;
      }
      items_.push_back(std::move(item));
      ++unfinished_;
    }
    // Notifying after unlocking saves the woken consumer from waking straight into a locked
    // mutex. It is safe here: whoever destroys the queue must first know this call returned.
    not_empty_.notify_one();
    return true;
  }

  /// Appends `item` if there is room, without waiting.
  /// @return true when the item was added; false when the queue is full or closed.
  [[nodiscard]] bool try_push(T item) {
    {
      const std::scoped_lock lock(mutex_);
      if (closed_ || items_.size() >= capacity_) {
        return false;
      }
      items_.push_back(std::move(item));
      ++unfinished_;
    }
    not_empty_.notify_one();
    return true;
  }

  /// Removes and returns the oldest item, first waiting for as long as the queue is empty and
  /// open.
  /// @return the item; std::nullopt only when the queue is closed and has no items left.
  [[nodiscard]] std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    return take_front(lock);
  }

  /// As pop(), but gives up once `timeout` has passed with the queue still empty and open.
  /// @return the item; std::nullopt when the time ran out, or the queue is closed and drained.
  template <typename Rep, typename Period>
  [[nodiscard]] std::optional<T> pop_for(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(mutex_);
    if (!not_empty_.wait_for(lock, timeout, [&] { return closed_ || !items_.empty(); })) {
      return std::nullopt;  // timed out
    }
    return take_front(lock);
  }

  /// Closes the queue: no item is accepted any more, and every thread waiting in push(),
  /// pop() or pop_for() wakes up. Items already in the queue can still be popped. Closing
  /// again does nothing.
  void close() {
    {
      const std::scoped_lock lock(mutex_);
      closed_ = true;
    }
    // BROKEN: wakes one waiter of each kind; every other thread waiting in push() or pop()
    // sleeps on, never told that the queue is closed.
    not_empty_.notify_one();
    not_full_.notify_one();
  }

  /// Marks one item as processed (Python's `Queue.task_done()`). Call it once for every item
  /// popped, when the work on it is finished.
  /// @throws std::logic_error when called more often than items were pushed.
  void task_done() {
    const std::scoped_lock lock(mutex_);
    if (unfinished_ == 0) {
      throw std::logic_error("BlockingQueue::task_done() called more times than items pushed");
    }
    --unfinished_;
    if (unfinished_ == 0) {
      // Under the lock, unlike the notifications above: a thread returning from join() may
      // destroy the queue at once, and this thread has no other reason to stay away from it.
      all_done_.notify_all();
    }
  }

  /// Waits until task_done() has been called for every item ever pushed (Python's
  /// `Queue.join()`). Returns at once when no task is unfinished.
  void join() {
    std::unique_lock lock(mutex_);
    all_done_.wait(lock, [&] { return unfinished_ == 0; });
  }

  /// How many items the queue holds now (by the time the caller looks, it may have changed).
  [[nodiscard]] std::size_t size() const {
    const std::scoped_lock lock(mutex_);
    return items_.size();
  }

  /// The most items the queue ever holds at once.
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

  /// Whether close() has been called.
  [[nodiscard]] bool is_closed() const {
    const std::scoped_lock lock(mutex_);
    return closed_;
  }

 private:
  /// Pops the front item, or reports "closed and drained" when there is none, then wakes a
  /// producer waiting for room. Called with `lock` held; returns with it released.
  std::optional<T> take_front(std::unique_lock<std::mutex>& lock) {
    if (items_.empty()) {
      return std::nullopt;  // the wait ended on closed_: closed, and nothing left
    }
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    lock.unlock();
    not_full_.notify_one();
    return item;
  }

  const std::size_t capacity_;
  mutable std::mutex mutex_;           ///< Guards every member below.
  std::condition_variable not_full_;   ///< Signalled when an item leaves, or on close().
  std::condition_variable not_empty_;  ///< Signalled when an item arrives, or on close().
  std::condition_variable all_done_;   ///< Signalled when the last unfinished task is done.
  std::deque<T> items_;                ///< Oldest at the front.
  std::size_t unfinished_ = 0;         ///< Items pushed minus task_done() calls.
  bool closed_ = false;
};

}  // namespace lab04
