#include <mutex>
#include <thread>

#include "worker.hpp"

namespace lab06 {

void Worker::stop() {
  {
    const std::scoped_lock lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  // BROKEN: joins even when a job on the worker itself called stop(): the thread would wait
  // for itself to end (std::thread throws resource_deadlock_would_occur instead).
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace lab06
