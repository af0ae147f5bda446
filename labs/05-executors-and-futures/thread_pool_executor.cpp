#include "thread_pool_executor.hpp"

#include <stdexcept>

namespace lab05 {

ThreadPoolExecutor::ThreadPoolExecutor(std::size_t max_workers, Initializer initializer)
    : max_workers_(max_workers), initializer_(std::move(initializer)) {
  // TODO(task 1): refuse 0 workers (std::invalid_argument), then start max_workers threads.
  // Each calls the initializer (if there is one), then takes tasks from the queue and runs
  // them, one at a time, until shutdown has begun and the queue is empty.
}

ThreadPoolExecutor::~ThreadPoolExecutor() {
  // TODO(task 1): shut down, and wait for the workers.
}

void ThreadPoolExecutor::execute(std::function<void()> task) {
  schedule(WorkItem{std::move(task), nullptr});
}

void ThreadPoolExecutor::shutdown(bool wait, bool cancel_futures) {
  // TODO(task 1): stop accepting tasks and wake every worker. With cancel_futures, take the
  // tasks still in the queue out of it and cancel their futures. With wait, return only when
  // every worker has finished.
  static_cast<void>(wait);
  static_cast<void>(cancel_futures);
}

void ThreadPoolExecutor::schedule(WorkItem item) {
  // TODO(task 1): refuse the item after shutdown (std::runtime_error, saying why), otherwise
  // put it in the queue and wake a worker.
  static_cast<void>(item);
  throw std::logic_error("ThreadPoolExecutor::schedule is not written yet (task 1)");
}

}  // namespace lab05
