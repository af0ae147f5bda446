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
  // TODO(task 5): a job running on the worker may call stop(), and then this join() is the
  // worker's thread waiting for itself to end, which never happens. The standard library sees
  // it coming and throws std::system_error (resource_deadlock_would_occur) instead of hanging.
  // Compare std::this_thread::get_id() with thread_.get_id(): on the worker's own thread, do
  // not join (the thread ends when the job returns, and the destructor joins it then).
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace lab06
