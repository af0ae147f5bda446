/// @file thread_pool.hpp
/// @brief GIVEN (not your task): a fixed-size pool of threads that run submitted jobs.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace lab11 {

/// A fixed number of worker threads taking jobs from one queue, first in first out.
///
/// A job must not throw (the pool ends the program if one does: catch inside the job). The
/// destructor runs every job already submitted, then joins the workers.
class ThreadPool {
 public:
  /// Starts `threads` workers (0 counts as 1).
  explicit ThreadPool(unsigned threads) {
    const unsigned count = threads == 0 ? 1 : threads;
    workers_.reserve(count);
    for (unsigned i = 0; i < count; ++i) {
      workers_.emplace_back([this] { work(); });
    }
  }

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ThreadPool(ThreadPool&&) = delete;
  ThreadPool& operator=(ThreadPool&&) = delete;

  /// Runs the jobs still queued, then stops and joins the workers.
  ~ThreadPool() {
    {
      const std::scoped_lock lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    workers_.clear();  // each std::jthread joins here
  }

  /// Queues `job` to run on one of the workers. Callable from any thread, a running job
  /// included (also while the destructor waits: the job then still runs).
  void submit(std::function<void()> job) {
    {
      const std::scoped_lock lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

  /// How many workers the pool has.
  [[nodiscard]] std::size_t size() const { return workers_.size(); }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) {
          return;  // stopping, and nothing left to run
        }
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::jthread> workers_;  // last: started after, joined before, the rest
};

}  // namespace lab11
