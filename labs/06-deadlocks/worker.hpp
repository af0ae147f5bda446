/// @file worker.hpp
/// @brief Task 5: a thread that runs the jobs posted to it, and a stop() that may be called
/// from one of those jobs.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace lab06 {

/// A thread of its own ("worker") that runs the jobs posted to it, one at a time, in the order
/// they were posted, until it is stopped.
class Worker {
 public:
  /// Starts the thread.
  Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  Worker(Worker&&) = delete;
  Worker& operator=(Worker&&) = delete;
  /// stop(). Must not run on the worker's own thread (a job must not destroy its Worker).
  ~Worker();

  /// Queues `job`. The future is ready once the job has run, and carries what it threw; it
  /// says std::future_errc::broken_promise if the worker stopped before running it.
  std::future<void> post(std::function<void()> job);

  /// Task 5. Stops the worker: it finishes the job it is running, drops the jobs not started,
  /// and its thread ends.
  ///
  /// Called from another thread, it returns once the worker's thread has ended. Called by a job
  /// on the worker itself (a job that decides the work is over), it cannot wait for its own
  /// thread to end: it returns at once, and the thread ends when the job returns; the
  /// destructor waits for it then. Calling it again does nothing more.
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::packaged_task<void()>> jobs_;  // guarded by mutex_
  bool stopping_ = false;                        // guarded by mutex_
  std::thread thread_;                           // last: it starts after the members it uses
};

}  // namespace lab06
