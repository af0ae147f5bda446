#include "worker_pool.hpp"

#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

namespace lab04 {
namespace {

// BROKEN: one lock for every job of every pool, "so that jobs cannot disturb each other".
std::mutex job_mutex;

}  // namespace

WorkerPool::WorkerPool(std::size_t workers, std::size_t capacity)
    : size_(workers), queue_(capacity) {
  if (workers == 0) {
    throw std::invalid_argument("WorkerPool: it needs at least one worker");
  }
  workers_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) {
    workers_.emplace_back([this] { work(); });
  }
}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::submit(Job job) {
  if (!queue_.push(Message(std::move(job)))) {
    throw std::logic_error("WorkerPool::submit() called after shutdown()");
  }
}

void WorkerPool::join() {
  queue_.join();
}

void WorkerPool::shutdown() {
  if (workers_.empty()) {
    return;  // already shut down
  }
  // One pill per worker: a worker stops at the first pill it takes, so each pill stops exactly
  // one worker, and every worker needs its own. They queue behind the jobs already submitted.
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    static_cast<void>(queue_.push(Message(PoisonPill{})));
  }
  workers_.clear();  // each std::jthread joins its worker as it is destroyed
  queue_.close();    // later submits are refused instead of waiting forever
}

void WorkerPool::work() {
  while (std::optional<Message> message = queue_.pop()) {
    if (std::holds_alternative<PoisonPill>(*message)) {
      queue_.task_done();
      return;  // this worker's pill: the other pills are left for the other workers
    }
    {
      const std::scoped_lock lock(job_mutex);  // BROKEN: held while the job runs
      const Job& job = std::get<Job>(*message);
      job();
    }
    // Only now, not when the job was taken: join() must wait for jobs to finish, not to start.
    queue_.task_done();
  }
}

}  // namespace lab04
