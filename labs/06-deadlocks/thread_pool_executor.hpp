/// @file thread_pool_executor.hpp
/// @brief A small pool of worker threads with submit() and shutdown(), like Python's
/// concurrent.futures.ThreadPoolExecutor (lab 05 builds a complete one).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace lab06 {

/// `max_workers` threads that run the tasks submitted to them, in the order they were
/// submitted. A worker runs one task at a time, to its end: a task that blocks keeps its worker
/// blocked, and when every worker is blocked, no other task starts.
///
/// The workers are named "pool-worker-0", "pool-worker-1"..., as the watchdog's report shows.
class ThreadPoolExecutor {
 public:
  /// Starts `max_workers` workers (at least one).
  explicit ThreadPoolExecutor(std::size_t max_workers);
  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor(ThreadPoolExecutor&&) = delete;
  ThreadPoolExecutor& operator=(ThreadPoolExecutor&&) = delete;
  /// shutdown(): waits until every task submitted has run.
  ~ThreadPoolExecutor();

  /// Queues `task` to run on a worker, and returns the future of its result (or of what it
  /// throws). Throws std::runtime_error after shutdown().
  template <typename Task>
  std::future<std::invoke_result_t<Task&>> submit(Task task) {
    using Result = std::invoke_result_t<Task&>;
    // std::function must be copyable and a packaged_task is not: the queue holds a pointer.
    auto packaged = std::make_shared<std::packaged_task<Result()>>(std::move(task));
    std::future<Result> result = packaged->get_future();
    enqueue([packaged] { (*packaged)(); });
    return result;
  }

  /// Accepts no more tasks, runs the ones already queued, and joins the workers. Calling it
  /// again does nothing. Never call it from a task: a worker cannot wait for itself.
  void shutdown();

  /// How many workers the pool has.
  [[nodiscard]] std::size_t max_workers() const noexcept { return max_workers_; }

 private:
  void enqueue(std::function<void()> task);
  void work(std::size_t index);

  std::size_t max_workers_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool shutting_down_ = false;               // guarded by mutex_
  std::vector<std::jthread> workers_;        // last: started after the members they use
};

}  // namespace lab06
