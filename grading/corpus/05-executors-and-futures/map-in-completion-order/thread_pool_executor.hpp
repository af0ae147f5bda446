/// @file thread_pool_executor.hpp
/// @brief Tasks 1 and 2: a pool of worker threads that runs submitted tasks (Python's
/// `concurrent.futures.ThreadPoolExecutor`).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "as_completed.hpp"
#include "future.hpp"

namespace lab05 {

/// A fixed pool of worker threads and a queue of tasks waiting for them.
///
/// Workers take tasks from the queue in the order they were submitted, each running one task
/// at a time. Every member may be called from any thread, except that shutdown() with
/// `wait = true` must not be called from one of the pool's own tasks (a worker cannot wait for
/// itself to finish).
class ThreadPoolExecutor {
 public:
  /// What each worker thread calls once, before its first task (Python's `initializer`): for
  /// example, to open a session that the thread's tasks then share (see the handout).
  using Initializer = std::function<void()>;

  /// Starts `max_workers` worker threads, each of which calls `initializer` (if any) and then
  /// waits for tasks. The initializer must not throw.
  /// @throws std::invalid_argument if `max_workers` is 0.
  explicit ThreadPoolExecutor(std::size_t max_workers, Initializer initializer = {});

  /// Shuts down as shutdown() does with its defaults: every task already accepted runs, and
  /// the destructor returns once all of them have finished.
  ~ThreadPoolExecutor();

  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor(ThreadPoolExecutor&&) = delete;
  ThreadPoolExecutor& operator=(ThreadPoolExecutor&&) = delete;

  /// Schedules `fn(args...)` to run on a worker, and returns at once with the future of its
  /// result. `fn` and `args` are copied (or moved) into the task, so the caller's may go away.
  /// What `fn` returns becomes the future's result; what it throws, the future's exception.
  /// @throws std::runtime_error after shutdown(): the pool accepts no new work.
  template <typename Fn, typename... Args>
  auto submit(Fn&& fn, Args&&... args)
      -> Future<std::invoke_result_t<std::decay_t<Fn>&, std::decay_t<Args>&...>> {
    using Result = std::invoke_result_t<std::decay_t<Fn>&, std::decay_t<Args>&...>;
    auto state = std::make_shared<FutureState<Result>>();
    auto call = std::bind_front(std::forward<Fn>(fn), std::forward<Args>(args)...);
    auto task = [state, call = std::move(call)]() mutable {
      if (!state->set_running_or_notify_cancel()) {
        return;  // cancelled while it waited in the queue
      }
      try {
        if constexpr (std::is_void_v<Result>) {
          call();
          state->set_result();
        } else {
          state->set_result(call());
        }
      } catch (...) {
        // Whatever the task threw travels to whoever asks the future for its result.
        state->set_exception(std::current_exception());
      }
    };
    schedule(WorkItem{std::move(task), state});
    return Future<Result>(std::move(state));
  }

  /// Runs `fn(input)` for every input, on the workers, and returns the results in the order
  /// of the inputs, whatever order the calls finish in (Python's `Executor.map`).
  /// @throws the exception of the first input (in input order) whose call threw;
  ///         std::runtime_error after shutdown().
  template <typename Fn, typename Input>
  auto map(const Fn& fn, const std::vector<Input>& inputs)
      -> std::vector<std::invoke_result_t<const Fn&, const Input&>> {
    using Result = std::invoke_result_t<const Fn&, const Input&>;
    // Every call is submitted before any result is awaited, so they all run at once.
    std::vector<Future<Result>> futures;
    futures.reserve(inputs.size());
    for (const auto& input : inputs) {
      futures.push_back(submit(fn, input));
    }
    std::vector<Result> results;
    results.reserve(futures.size());
    // BROKEN: the results come in the order the calls finish, not the order of the inputs.
    for (const auto& future : as_completed(futures)) {
      results.push_back(future.result());
    }
    return results;
  }

  /// Schedules `task` to run on a worker, with no future: fire and forget. The task must not
  /// throw (an exception escaping it ends the program, as from any thread).
  /// @throws std::runtime_error after shutdown().
  void execute(std::function<void()> task);

  /// Stops accepting tasks. Tasks already accepted still run, unless `cancel_futures` is true:
  /// then those still waiting in the queue are dropped, and their futures cancelled (tasks
  /// that have started always finish). With `wait`, returns once every worker has finished;
  /// without, returns at once. May be called more than once.
  void shutdown(bool wait = true, bool cancel_futures = false);

  /// How many worker threads the pool has.
  [[nodiscard]] std::size_t max_workers() const { return max_workers_; }

 private:
  /// A task waiting in the queue, and its future, if it has one (to cancel it).
  struct WorkItem {
    std::function<void()> run;
    std::shared_ptr<FutureCore> future;
  };

  /// Puts `item` in the queue and wakes a worker for it.
  /// @throws std::runtime_error after shutdown().
  void schedule(WorkItem item);

  /// What each worker thread does: initialize, then run tasks until shutdown.
  void work();

  /// Blocks until there is a task to run, and takes it; nothing once the pool is shutting
  /// down and the queue is empty.
  std::optional<WorkItem> next_item();

  std::size_t max_workers_;
  Initializer initializer_;
  std::mutex mutex_;                        ///< Guards queue_ and shutting_down_.
  std::condition_variable work_available_;  ///< A task was queued, or shutdown began.
  std::deque<WorkItem> queue_;
  bool shutting_down_ = false;
  std::mutex join_mutex_;              ///< Lets one shutdown() at a time join the workers.
  std::vector<std::jthread> workers_;  ///< Last: started after everything they use.
};

}  // namespace lab05
