/// @file queue.hpp
/// @brief A small unbounded blocking queue, like Python's queue.Queue (lab 04 builds a full one).
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <utility>

namespace lab06 {

/// A first-in, first-out queue that any number of threads may put to and get from at once.
/// get() waits, asleep, until there is an item.
template <typename T>
class Queue {
 public:
  /// Adds `item` at the back and wakes one thread waiting in get(). Never blocks for long: the
  /// queue has no limit.
  void put(T item) {
    {
      const std::scoped_lock lock(mutex_);
      items_.push_back(std::move(item));
    }
    item_added_.notify_one();  // each item is for one taker
  }

  /// Takes the item at the front, waiting until there is one.
  T get() {
    std::unique_lock lock(mutex_);
    item_added_.wait(lock, [&] { return !items_.empty(); });
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

 private:
  std::mutex mutex_;
  std::condition_variable item_added_;
  std::deque<T> items_;
};

}  // namespace lab06
