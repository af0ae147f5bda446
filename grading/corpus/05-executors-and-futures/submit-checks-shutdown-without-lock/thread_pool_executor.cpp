#include "thread_pool_executor.hpp"

#include <stdexcept>

namespace lab05 {

ThreadPoolExecutor::ThreadPoolExecutor(std::size_t max_workers, Initializer initializer)
    : max_workers_(max_workers), initializer_(std::move(initializer)) {
  if (max_workers == 0) {
    throw std::invalid_argument("a ThreadPoolExecutor needs at least one worker");
  }
  workers_.reserve(max_workers);
  for (std::size_t i = 0; i < max_workers; ++i) {
    workers_.emplace_back([this] { work(); });
  }
}

ThreadPoolExecutor::~ThreadPoolExecutor() {
  shutdown();
}

void ThreadPoolExecutor::execute(std::function<void()> task) {
  schedule(WorkItem{std::move(task), nullptr});
}

void ThreadPoolExecutor::shutdown(bool wait, bool cancel_futures) {
  std::deque<WorkItem> dropped;
  {
    const std::scoped_lock lock(mutex_);
    shutting_down_ = true;
    if (cancel_futures) {
      dropped.swap(queue_);
    }
  }
  // Every worker must wake and see the flag, not just one of them.
  work_available_.notify_all();
  // Outside the lock: cancelling runs the futures' callbacks, which take locks of their own.
  for (const auto& item : dropped) {
    if (item.future) {
      item.future->cancel();
    }
  }
  if (wait) {
    const std::scoped_lock lock(join_mutex_);
    for (auto& worker : workers_) {
      if (worker.joinable()) {
        worker.join();
      }
    }
  }
}

void ThreadPoolExecutor::schedule(WorkItem item) {
  // BROKEN: the flag is read without the lock, so a shutdown can come between the check and
  // the push, and the task lands in a queue that no worker will ever look at again.
  if (shutting_down_) {
    throw std::runtime_error("cannot submit a task to a ThreadPoolExecutor that is shut down");
  }
  {
    const std::scoped_lock lock(mutex_);
    queue_.push_back(std::move(item));
  }
  work_available_.notify_one();
}

void ThreadPoolExecutor::work() {
  if (initializer_) {
    initializer_();
  }
  while (auto item = next_item()) {
    item->run();  // without the lock: other workers take tasks meanwhile
  }
}

std::optional<ThreadPoolExecutor::WorkItem> ThreadPoolExecutor::next_item() {
  std::unique_lock lock(mutex_);
  // The predicate covers a task or a shutdown that came before this worker started waiting.
  work_available_.wait(lock, [this] { return shutting_down_ || !queue_.empty(); });
  if (queue_.empty()) {
    return std::nullopt;  // shutting down, and every accepted task has been taken
  }
  WorkItem item = std::move(queue_.front());
  queue_.pop_front();
  return item;
}

}  // namespace lab05
