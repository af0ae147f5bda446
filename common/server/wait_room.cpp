#include "wait_room.hpp"

#include <algorithm>
#include <thread>

namespace conclab::server {

void WaitRoom::hold() {
  const std::scoped_lock lock(mutex_);
  held_ = true;
}

void WaitRoom::release() {
  {
    const std::scoped_lock lock(mutex_);
    held_ = false;
  }
  changed_.notify_all();
}

void WaitRoom::stop() {
  {
    // Under the mutex, so that a request about to wait in wait_while_held() cannot miss it.
    const std::scoped_lock lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
}

bool WaitRoom::wait_while_held() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !held_ || stopped_; });
  return !stopped_;
}

bool WaitRoom::sleep_for(std::chrono::milliseconds duration) const {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (!stopped_) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return true;
    }
    std::this_thread::sleep_until(std::min(deadline, now + kStopCheckInterval));
  }
  return false;
}

}  // namespace conclab::server
