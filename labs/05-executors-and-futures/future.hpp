/// @file future.hpp
/// @brief Given: a future that, unlike std::future, can tell others when it is done.
///
/// Python's `concurrent.futures.Future` can be asked whether it is done, cancelled before it
/// started, and can call a function when it finishes (`add_done_callback`). `as_completed` and
/// `wait` are built on that last ability. `std::future` has none of it: the only way to learn
/// that it is ready is to block on it. This file gives the lab a future with Python's methods.
///
/// Its state is shared: the executor that runs the task holds it to store the result, and any
/// number of Future handles read it. The part that does not depend on the result's type,
/// FutureCore, is what as_completed and wait work with.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace lab05 {

/// The clock of every deadline in this lab.
using Clock = std::chrono::steady_clock;

/// What Future::result() throws for a task that was cancelled before it started (Python's
/// `concurrent.futures.CancelledError`).
class CancelledError : public std::runtime_error {
 public:
  CancelledError() : std::runtime_error("the task was cancelled before it started") {}
};

/// What as_completed() throws when its timeout passes before every future is done (Python's
/// `TimeoutError`).
class TimeoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The state of a future, apart from its result: where the task is in its life, the exception
/// it threw, and who wants to know when it is done. Thread-safe: every member may be called
/// from any thread.
///
/// A future starts pending. The executor moves it to running (set_running_or_notify_cancel())
/// when a worker picks its task, then to finished (set_result() of FutureState, or
/// set_exception()). cancel() moves a pending future to cancelled instead; a running or
/// finished one cannot be cancelled. Finished and cancelled are final: the future is *done*.
class FutureCore {
 public:
  FutureCore() = default;
  FutureCore(const FutureCore&) = delete;
  FutureCore& operator=(const FutureCore&) = delete;
  FutureCore(FutureCore&&) = delete;
  FutureCore& operator=(FutureCore&&) = delete;
  virtual ~FutureCore() = default;

  // --- For whoever waits for the result ---

  /// Cancels the task if it has not started yet. Returns true if the future is now cancelled
  /// (also when it already was), false if its task is running or has finished.
  bool cancel();

  /// Whether the future was cancelled before its task started.
  [[nodiscard]] bool cancelled() const;

  /// Whether a worker is running the task right now.
  [[nodiscard]] bool running() const;

  /// Whether the future is finished or cancelled: nothing about it will change any more.
  [[nodiscard]] bool done() const;

  /// Blocks until the future is done.
  void wait() const;

  /// Blocks until the future is done or `deadline` passes; returns done().
  bool wait_until(Clock::time_point deadline) const;

  /// Blocks until the future is done or `timeout` has passed; returns done().
  template <typename Rep, typename Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return wait_until(Clock::now() + std::chrono::duration_cast<Clock::duration>(timeout));
  }

  /// Waits until done, then returns the exception the task threw, or null if it returned.
  /// @throws CancelledError if the future was cancelled.
  [[nodiscard]] std::exception_ptr exception() const;

  /// Calls `callback` once the future is done: at once, on the calling thread, if it already
  /// is; otherwise later, on the thread that finishes or cancels it. Callbacks run in the
  /// order they were added, and never while the future's own lock is held, so a callback may
  /// use the future and take locks of its own. A callback must not throw.
  void add_done_callback(std::function<void()> callback);

  // --- For the executor that runs the task ---

  /// Called by a worker just before it runs the task. Returns true, and marks the future
  /// running, if it was pending; returns false if it was cancelled (or has already run): the
  /// worker must then skip the task.
  [[nodiscard]] bool set_running_or_notify_cancel();

  /// Finishes the future with the exception the task threw; result() will rethrow it.
  /// @throws std::logic_error if the future is already done.
  void set_exception(std::exception_ptr error);

 protected:
  /// Locks the state to store a result; throws std::logic_error if the future is done.
  std::unique_lock<std::mutex> lock_for_result();

  /// Marks the future finished, wakes its waiters and runs its callbacks (after unlocking).
  void finish(std::unique_lock<std::mutex> lock);

  /// Waits until done, then throws CancelledError or the task's exception, if there is one.
  /// When it returns, the task returned normally and its result may be read without a lock.
  void wait_and_rethrow() const;

 private:
  enum class State { kPending, kRunning, kCancelled, kFinished };

  /// Whether `state` is final. Requires mutex_.
  static bool is_done(State state) {
    return state == State::kCancelled || state == State::kFinished;
  }

  /// Sets the final `state`, wakes every waiter and runs the callbacks, unlocking first.
  void become_done(State state, std::unique_lock<std::mutex> lock);

  mutable std::mutex mutex_;
  mutable std::condition_variable done_changed_;  ///< Notified when the future becomes done.
  State state_ = State::kPending;
  std::exception_ptr error_;
  std::vector<std::function<void()>> callbacks_;  ///< Run once, when done.
};

/// A future's whole state: FutureCore plus the result of type T.
template <typename T>
class FutureState : public FutureCore {
 public:
  /// Finishes the future with the task's result.
  /// @throws std::logic_error if the future is already done.
  void set_result(T value) {
    auto lock = lock_for_result();
    value_.emplace(std::move(value));
    finish(std::move(lock));
  }

  /// Waits until done, then returns the result or throws the task's exception (or
  /// CancelledError).
  const T& result() const {
    wait_and_rethrow();
    return *value_;  // written before the future finished, never again after
  }

 private:
  std::optional<T> value_;
};

/// The state of a future whose task returns nothing.
template <>
class FutureState<void> : public FutureCore {
 public:
  /// Finishes the future: the task returned.
  void set_result() { finish(lock_for_result()); }

  /// Waits until done, then returns, or throws the task's exception (or CancelledError).
  void result() const { wait_and_rethrow(); }
};

/// A handle to the result of a task that runs on another thread (Python's `Future`).
///
/// Copies share one state, so handing a future around is cheap, and two handles are equal when
/// they refer to the same task. A default-constructed future refers to no task: only valid()
/// and comparison may be called on it.
template <typename T>
class Future {
 public:
  Future() = default;

  /// A handle to `state`.
  explicit Future(std::shared_ptr<FutureState<T>> state) : state_(std::move(state)) {}

  /// Whether this handle refers to a task.
  [[nodiscard]] bool valid() const { return state_ != nullptr; }

  /// Waits for the task, then returns what it returned, or throws what it threw.
  /// @throws CancelledError if the task was cancelled before it started.
  decltype(auto) result() const { return state_->result(); }

  /// Waits for the task, then returns the exception it threw, or null if it returned.
  /// @throws CancelledError if the task was cancelled before it started.
  [[nodiscard]] std::exception_ptr exception() const { return state_->exception(); }

  /// See FutureCore::cancel().
  bool cancel() const { return state_->cancel(); }
  /// See FutureCore::cancelled().
  [[nodiscard]] bool cancelled() const { return state_->cancelled(); }
  /// See FutureCore::running().
  [[nodiscard]] bool running() const { return state_->running(); }
  /// See FutureCore::done().
  [[nodiscard]] bool done() const { return state_->done(); }
  /// See FutureCore::wait().
  void wait() const { state_->wait(); }
  /// See FutureCore::wait_until().
  bool wait_until(Clock::time_point deadline) const { return state_->wait_until(deadline); }
  /// See FutureCore::wait_for().
  template <typename Rep, typename Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return state_->wait_for(timeout);
  }
  /// See FutureCore::add_done_callback().
  void add_done_callback(std::function<void()> callback) const {
    state_->add_done_callback(std::move(callback));
  }

  /// The state, seen without its result type: what as_completed and wait work with.
  [[nodiscard]] std::shared_ptr<FutureCore> core() const { return state_; }

  /// Whether both refer to the same task.
  friend bool operator==(const Future& a, const Future& b) { return a.state_ == b.state_; }

 private:
  std::shared_ptr<FutureState<T>> state_;
};

/// The core() of each of `futures`, in the same order.
template <typename T>
std::vector<std::shared_ptr<FutureCore>> cores_of(const std::vector<Future<T>>& futures) {
  std::vector<std::shared_ptr<FutureCore>> cores;
  cores.reserve(futures.size());
  for (const auto& future : futures) {
    cores.push_back(future.core());
  }
  return cores;
}

}  // namespace lab05
