/// @file worker_pool.hpp
/// @brief Task 3: worker threads that take jobs from a queue until each swallows a poison pill.
#pragma once

#include <cstddef>
#include <functional>
#include <thread>
#include <variant>
#include <vector>

#include "blocking_queue.hpp"

namespace lab04 {

/// A piece of work for the pool. It must not throw: an exception that leaves a job ends the
/// program (a worker thread has nobody to hand it to).
using Job = std::function<void()>;

/// The message that tells one worker to stop: the C++ counterpart of the seed's `'quit'`
/// string. A type of its own can never be mistaken for a job, as a string could be for data.
struct PoisonPill {};

/// What travels through the pool's queue: a job to run, or a pill.
using Message = std::variant<Job, PoisonPill>;

/// A fixed number of worker threads that run submitted jobs, oldest first, and stop when each
/// has taken a poison pill from their shared queue: seed 003's Consumer threads and
/// `build_worker_pool`, in C++.
///
/// submit() and join() may be called from any thread; shutdown() (and so the destructor) by
/// one thread, once the others have stopped submitting.
class WorkerPool {
 public:
  /// How many messages the queue holds unless told otherwise.
  static constexpr std::size_t kDefaultCapacity = 64;

  /// Starts `workers` threads, each waiting for jobs on a queue of `capacity` messages.
  /// @throws std::invalid_argument when `workers` or `capacity` is 0.
  explicit WorkerPool(std::size_t workers, std::size_t capacity = kDefaultCapacity);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  WorkerPool(WorkerPool&&) = delete;
  WorkerPool& operator=(WorkerPool&&) = delete;
  /// Calls shutdown(): the jobs already submitted still run.
  ~WorkerPool();

  /// Queues `job` for the next free worker, waiting while the queue is full.
  /// @throws std::logic_error after shutdown(): no worker would ever run it.
  void submit(Job job);

  /// Waits until every job submitted so far has finished running (Python's `Queue.join()`).
  /// The workers keep running, ready for more jobs.
  void join();

  /// Stops the pool: queues one poison pill per worker, behind the jobs already queued (which
  /// therefore still run), waits until every worker has ended, and closes the queue. Calling it
  /// again does nothing.
  void shutdown();

  /// How many workers the pool was started with.
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  /// One worker's life: run jobs from the queue until a pill arrives.
  void work();

  const std::size_t size_;
  BlockingQueue<Message> queue_;
  std::vector<std::jthread> workers_;  ///< Declared last: they stop before the queue goes.
};

}  // namespace lab04
