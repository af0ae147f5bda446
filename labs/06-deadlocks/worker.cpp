#include "worker.hpp"

#include <utility>

#include "thread_name.hpp"

namespace lab06 {

Worker::Worker() : thread_([this] { run(); }) {}

Worker::~Worker() {
  stop();
}

std::future<void> Worker::post(std::function<void()> job) {
  std::packaged_task<void()> task(std::move(job));
  std::future<void> done = task.get_future();
  {
    const std::scoped_lock lock(mutex_);
    if (stopping_) {
      return done;  // `task` is dropped unrun: the future says broken_promise
    }
    jobs_.push_back(std::move(task));
  }
  changed_.notify_one();
  return done;
}

void Worker::run() {
  name_this_thread("worker");
  while (true) {
    std::packaged_task<void()> job;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) {
        jobs_.clear();  // dropped: their futures say broken_promise
        return;
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();  // what the job throws goes into its future
  }
}

}  // namespace lab06
