/// @file child_process.hpp
/// @brief A tiny fork() helper: a child process that runs one function, and is never left
/// behind.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <utility>

namespace lab08 {

/// A child process, started with fork(), running `body` and exiting with what it returns.
///
/// The child leaves through _exit(): no destructor, atexit handler or stdio flush of the copy of
/// the parent it started as runs twice. An exception escaping `body` makes it exit with
/// kUncaughtExceptionExit. If the object is destroyed before wait() was called, the child is
/// killed (SIGKILL) and reaped: no child outlives its ChildProcess, not even on a failed test.
class ChildProcess {
 public:
  /// Exit status of a child whose body threw.
  static constexpr int kUncaughtExceptionExit = 70;

  /// Forks. In the child, runs `body` and exits; in the parent, returns at once. Throws
  /// std::system_error when fork() fails.
  explicit ChildProcess(const std::function<int()>& body);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ~ChildProcess();

  /// The child's process id.
  [[nodiscard]] pid_t pid() const { return pid_; }

  /// The child's status if it has ended (then it is reaped, as by wait()), or std::nullopt
  /// while it runs. Does not block.
  std::optional<int> poll();

  /// Waits for the child to end and reaps it. Returns its exit status, or 128 + the signal
  /// that killed it (like a shell's $?). Call it once.
  int wait();

 private:
  void kill_and_reap() noexcept;

  pid_t pid_ = -1;
};

}  // namespace lab08
