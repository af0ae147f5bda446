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
  if (std::this_thread::get_id() == thread_.get_id()) {
    // A job on the worker called us: a thread cannot wait for itself to end. The loop ends
    // when this job returns, and the destructor, on another thread, joins it then.
    return;
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace lab06
