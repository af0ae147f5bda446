#include "held_locks.hpp"

#include <algorithm>
#include <atomic>

namespace conclab::lock_order_detail {
namespace {

int next_thread_number() {
  static std::atomic<int> threads_seen{0};
  return threads_seen.fetch_add(1) + 1;
}

}  // namespace

HeldLocks::HeldLocks() : thread_number_(next_thread_number()) {}

HeldLocks& HeldLocks::of_this_thread() {
  // Created on the thread's first checked lock, so threads are numbered in that order.
  thread_local HeldLocks held;
  return held;
}

const HeldLock* HeldLocks::find(std::uint64_t id) const noexcept {
  const auto found = std::find_if(held_.begin(), held_.end(),
                                  [id](const HeldLock& lock) { return lock.mutex == id; });
  return found == held_.end() ? nullptr : &*found;
}

void HeldLocks::remove(std::uint64_t id) noexcept {
  // Usually the latest one: search from the back.
  const auto found = std::find_if(held_.rbegin(), held_.rend(),
                                  [id](const HeldLock& lock) { return lock.mutex == id; });
  if (found != held_.rend()) {
    held_.erase(std::next(found).base());
  }
}

}  // namespace conclab::lock_order_detail
