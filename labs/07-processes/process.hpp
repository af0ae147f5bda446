/// @file process.hpp
/// @brief A child process in the manner of Python's multiprocessing.Process, on POSIX fork(),
/// exec and waitpid().
#pragma once

#include <sys/types.h>

#include <chrono>
#include <concepts>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace lab07 {

/// One child process: either a callable run in a fork()ed copy of this process, or a program
/// run with exec.
///
/// Like Python's Process, it is started once, joined, and asked for its exit code. One thread
/// uses a Process at a time (it holds no lock), but any number of Process objects may run at
/// once.
///
/// - The callable's return value becomes the child's exit code (0 for a callable returning
///   void); an exception escaping it prints its what() to standard error and exits with 1.
///   The child then ends with _exit(): it never returns into the parent's code, never runs the
///   parent's atexit handlers, and never flushes the parent's buffers a second time.
/// - exitcode() follows Python: std::nullopt while the child runs (or before start()), its exit
///   code once it has ended, or the negated signal number when a signal killed it (-9 for
///   SIGKILL).
/// - Errors are values: a program that cannot be executed makes start() return false, with
///   errno's text in error(); it is never mistaken for a child that exited with 0.
/// - The destructor never leaves a zombie (an ended child nobody waited for) or an orphan (a
///   running child nobody owns): a child still running is killed with SIGKILL and reaped.
class Process {
 public:
  /// A child that runs `target` and exits with the int it returns.
  explicit Process(std::function<int()> target) : target_(std::move(target)) {}

  /// A child that runs `target`, which returns nothing, and exits with 0.
  template <std::invocable F>
  requires std::is_void_v<std::invoke_result_t<F&>>
  explicit Process(F target)
      : Process(std::function<int()>([target = std::move(target)]() mutable {
          target();
          return 0;
        })) {}

  /// A child that executes the program argv[0] (looked up on PATH when it has no slash) with
  /// the arguments argv[1...].
  explicit Process(std::vector<std::string> argv) : argv_(std::move(argv)) {}

  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process& operator=(Process&&) = delete;

  /// Takes over `other`'s child (if any); `other` is left as a Process that was never started.
  Process(Process&& other) noexcept
      : target_(std::move(other.target_)),
        argv_(std::move(other.argv_)),
        pid_(std::exchange(other.pid_, 0)),
        reaped_(std::exchange(other.reaped_, false)),
        exitcode_(std::exchange(other.exitcode_, std::nullopt)),
        error_(std::move(other.error_)) {}

  /// Ends a child that is still running (SIGKILL) and reaps it; reaps one that has ended.
  ~Process();

  /// Starts the child. Returns true when it runs; false when it could not be started (fork()
  /// failed, or the program could not be executed), with the reason in error() and a non-zero
  /// exitcode() (127, as a shell reports a command it cannot run).
  /// @throws std::logic_error when called a second time.
  bool start();

  /// Waits until the child has ended, and reaps it. Returns at once if it already was.
  /// @throws std::logic_error before start().
  void join();

  /// Waits at most `timeout` for the child to end; returns whether it has ended (and then it is
  /// reaped).
  /// @throws std::logic_error before start().
  bool join_for(std::chrono::milliseconds timeout);

  /// Python's exitcode: std::nullopt before start() and while the child runs; its exit status
  /// once it has ended; -N when signal N killed it. Never blocks (it checks with WNOHANG).
  std::optional<int> exitcode();

  /// Whether the child has been started and has not ended yet. Never blocks.
  bool is_alive();

  /// The child's process id, or 0 before start().
  [[nodiscard]] pid_t pid() const { return pid_; }

  /// Why start() failed ("cannot execute '/no/such': No such file or directory"), or "".
  [[nodiscard]] const std::string& error() const { return error_; }

  /// How the child stands, in words: "not started", "running", "exited with code 3", "killed
  /// by signal 9 (Killed)", or "could not start: " and error().
  std::string describe();

  /// Asks the child to end: sends SIGTERM (which it may catch or ignore). Does nothing once the
  /// child has been reaped (its pid may then belong to another process).
  void terminate();

  /// Ends the child: sends SIGKILL, which it cannot catch. Does nothing once it has been reaped.
  void kill();

 private:
  /// Collects the child with waitpid(pid_, &status, options) (options 0 blocks, WNOHANG does
  /// not), retrying when a signal interrupts it; when the child has ended, records its
  /// exitcode_ and sets reaped_. Returns whether the child has been reaped, now or before.
  /// @throws std::system_error when waitpid() fails (the child is not ours to wait for).
  bool reap(int options);

  std::function<int()> target_;    ///< What the child runs (when argv_ is empty).
  std::vector<std::string> argv_;  ///< The program the child executes (when not empty).
  pid_t pid_ = 0;                  ///< 0 until start() has forked.
  bool reaped_ = false;            ///< Whether waitpid() has collected the child.
  std::optional<int> exitcode_;    ///< Set when the child is reaped (or could not start).
  std::string error_;              ///< Why start() failed, or "".
};

}  // namespace lab07
