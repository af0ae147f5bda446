#include "thread_pool_executor.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "thread_name.hpp"

namespace lab06 {

ThreadPoolExecutor::ThreadPoolExecutor(std::size_t max_workers)
    : max_workers_(std::max<std::size_t>(max_workers, 1)) {
  workers_.reserve(max_workers_);
  for (std::size_t index = 0; index < max_workers_; ++index) {
    workers_.emplace_back([this, index] { work(index); });
  }
}

ThreadPoolExecutor::~ThreadPoolExecutor() {
  shutdown();
}

void ThreadPoolExecutor::shutdown() {
  {
    const std::scoped_lock lock(mutex_);
    shutting_down_ = true;
  }
  changed_.notify_all();
  workers_.clear();  // a jthread joins as it is destroyed
}

void ThreadPoolExecutor::enqueue(std::function<void()> task) {
  {
    const std::scoped_lock lock(mutex_);
    if (shutting_down_) {
      throw std::runtime_error("ThreadPoolExecutor: submit() after shutdown()");
    }
    tasks_.push_back(std::move(task));
  }
  changed_.notify_one();
}

void ThreadPoolExecutor::work(std::size_t index) {
  name_this_thread("pool-worker-" + std::to_string(index));
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !tasks_.empty() || shutting_down_; });
      if (tasks_.empty()) {
        return;  // shutting down, and nothing is left to run
      }
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();  // a packaged_task: what the task throws goes into its future
  }
}

}  // namespace lab06
