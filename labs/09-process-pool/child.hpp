/// @file child.hpp
/// @brief The fork helper under the pool (given, not a task): a child process running one
/// function, how it ended in words, and no child ever left behind.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace lab09 {

/// How a child process ended.
struct ExitStatus {
  bool signaled = false;  ///< True when a signal killed it, false when it exited.
  int number = 0;         ///< The exit status, or the number of the signal that killed it.

  /// "exited with status 3" or "killed by signal 11 (Segmentation fault)".
  [[nodiscard]] std::string describe() const;
  bool operator==(const ExitStatus&) const = default;
};

/// A child process, started with fork(), that runs `body` and leaves with _exit(what it
/// returned) (70 when it threw): no destructor or atexit handler of the parent's copy runs twice.
/// The child is killed by SIGKILL if the parent dies (PR_SET_PDEATHSIG), so no worker outlives
/// a crashed test; note that Linux sends it when the *thread* that forked ends, so a thread that
/// makes a Child must outlive it. Destroying a Child that was not waited for kills (SIGKILL) and
/// reaps it.
class Child {
 public:
  /// Exit status of a child whose body threw.
  static constexpr int kUncaughtException = 70;

  Child() = default;
  /// Forks; the child runs `body` and never returns from here. Throws std::system_error when
  /// fork() fails.
  explicit Child(const std::function<int()>& body);
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  Child(Child&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}
  Child& operator=(Child&& other) noexcept;
  ~Child();

  /// The child's pid, or -1 once it has been reaped (or for a default-made Child).
  [[nodiscard]] pid_t pid() const { return pid_; }

  /// Sends `signal` to the child if it has not been reaped yet (never to a reused pid).
  void kill(int signal) const;

  /// Waits until the child ends and reaps it. Call once; throws std::logic_error if it was
  /// already reaped.
  ExitStatus wait();

  /// Like wait(), but only if the child has already ended: std::nullopt while it runs.
  std::optional<ExitStatus> try_wait();

 private:
  pid_t pid_ = -1;
};

}  // namespace lab09
