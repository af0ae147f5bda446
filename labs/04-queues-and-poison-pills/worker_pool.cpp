#include "worker_pool.hpp"

#include <stdexcept>

namespace lab04 {

WorkerPool::WorkerPool(std::size_t workers, std::size_t capacity)
    : size_(workers), queue_(capacity) {
  if (workers == 0) {
    throw std::invalid_argument("WorkerPool: it needs at least one worker");
  }
  // TODO(task 3): start `workers` threads, each running work(), and keep them in workers_.
}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::submit(Job job) {
  // TODO(task 3): push the job onto the queue; if the queue refuses it (closed), throw
  // std::logic_error.
  static_cast<void>(job);
}

void WorkerPool::join() {
  // TODO(task 3): wait until every job submitted so far has been marked done.
}

void WorkerPool::shutdown() {
  // TODO(task 3): queue one poison pill per worker, wait until every worker has ended, then
  // close the queue. A second call must do nothing.
}

void WorkerPool::work() {
  // TODO(task 3): take messages from the queue until a pill (or a closed, drained queue) ends
  // this worker. Run each job, and mark every message taken as done once it is handled.
}

}  // namespace lab04
