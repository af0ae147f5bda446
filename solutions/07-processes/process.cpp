#include "process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace lab07 {
namespace {

/// errno's text, without strerror()'s shared buffer.
std::string error_text(int error_number) {
  return std::generic_category().message(error_number);
}

/// What the child does after fork() when it runs a callable: run it, turn its result into the
/// exit code, and leave with _exit(), never returning into the parent's code.
[[noreturn]] void run_target_and_exit(const std::function<int()>& target) {
  int code = 1;
  try {
    code = target();
  } catch (const std::exception& exception) {
    std::fprintf(stderr, "lab07: the child's target threw: %s\n", exception.what());
  } catch (...) {
    std::fprintf(stderr, "lab07: the child's target threw something that is not an exception\n");
  }
  // _exit() flushes nothing: print what the target wrote, but only that (the parent flushed its
  // own buffers before fork(), so they were empty when the child got its copy).
  std::cout.flush();
  std::fflush(nullptr);
  ::_exit(code);
}

}  // namespace

Process::~Process() {
  if (pid_ == 0 || reaped_) {
    return;
  }
  // A destructor that waited for a running child could wait forever, and one that did not
  // wait would leave a zombie (or, once we exit, an orphan). So end the child now: SIGKILL
  // cannot be caught or ignored, so the waitpid() after it returns promptly.
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

bool Process::start() {
  if (pid_ != 0 || exitcode_) {
    throw std::logic_error("Process::start() called twice: a process can be started only once");
  }
  if (argv_.empty() && !target_) {
    throw std::logic_error("Process::start(): nothing to run (no target, no program)");
  }
  // The child gets a copy of every stdio buffer: flush them first, or it prints them again.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);

  // For a program, exec's failure is reported through a pipe that closes by itself when exec
  // succeeds (O_CLOEXEC): the parent then reads end-of-file, or else the child's errno.
  int report[2] = {-1, -1};
  std::vector<char*> args;  // built before fork(): the child only calls exec, write and _exit
  if (!argv_.empty()) {
    for (std::string& arg : argv_) {
      args.push_back(arg.data());
    }
    args.push_back(nullptr);
    if (::pipe2(report, O_CLOEXEC) != 0) {
      error_ = "cannot start '" + argv_[0] + "': pipe2: " + error_text(errno);
      exitcode_ = 127;
      return false;
    }
  }

  const pid_t pid = ::fork();
  if (pid < 0) {
    const int fork_error = errno;
    if (!argv_.empty()) {
      ::close(report[0]);
      ::close(report[1]);
    }
    error_ = "fork failed: " + error_text(fork_error);
    exitcode_ = 127;
    return false;
  }
  if (pid == 0) {  // the child
    if (argv_.empty()) {
      run_target_and_exit(target_);
    }
    ::close(report[0]);
    ::execvp(args[0], args.data());
    const int exec_error = errno;  // exec returns only when it failed
    [[maybe_unused]] const ssize_t written = ::write(report[1], &exec_error, sizeof exec_error);
    ::_exit(127);
  }

  pid_ = pid;
  if (argv_.empty()) {
    return true;
  }
  ::close(report[1]);
  int exec_error = 0;
  ssize_t got = 0;
  do {
    got = ::read(report[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  ::close(report[0]);
  if (got != static_cast<ssize_t>(sizeof exec_error)) {
    return true;  // end of file: exec succeeded and closed the pipe
  }
  reap(0);  // the child is at _exit(127): collect it, so no zombie is left
  error_ = "cannot execute '" + argv_[0] + "': " + error_text(exec_error);
  return false;
}

bool Process::reap(int options) {
  if (reaped_) {
    return true;
  }
  int status = 0;
  pid_t result = 0;
  do {
    result = ::waitpid(pid_, &status, options);
  } while (result < 0 && errno == EINTR);
  if (result < 0) {
    throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  if (result == 0) {
    return false;  // WNOHANG, and the child still runs
  }
  if (WIFEXITED(status)) {
    exitcode_ = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exitcode_ = -WTERMSIG(status);  // Python's convention: minus the signal number
  }
  reaped_ = true;
  return true;
}

void Process::join() {
  if (pid_ == 0) {
    if (exitcode_) {
      return;  // start() failed: there is nothing to wait for
    }
    throw std::logic_error("Process::join() before start()");
  }
  reap(0);
}

bool Process::join_for(std::chrono::milliseconds timeout) {
  if (pid_ == 0) {
    if (exitcode_) {
      return true;
    }
    throw std::logic_error("Process::join_for() before start()");
  }
  // waitpid() has no timeout: poll with WNOHANG, sleeping a little longer each time (up to
  // 10 ms), never past the deadline.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::microseconds(200);
  while (!reap(WNOHANG)) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::microseconds(10'000));
  }
  return true;
}

std::optional<int> Process::exitcode() {
  if (pid_ != 0) {
    reap(WNOHANG);
  }
  return exitcode_;
}

bool Process::is_alive() {
  return pid_ != 0 && !reap(WNOHANG);
}

std::string Process::describe() {
  if (!error_.empty()) {
    return "could not start: " + error_;
  }
  if (pid_ == 0) {
    return "not started";
  }
  const std::optional<int> code = exitcode();
  if (!code) {
    return "running";
  }
  if (*code >= 0) {
    return "exited with code " + std::to_string(*code);
  }
  const char* name = ::sigdescr_np(-*code);
  return "killed by signal " + std::to_string(-*code) + " (" + (name ? name : "unknown") + ")";
}

void Process::terminate() {
  if (pid_ != 0 && !reaped_) {
    ::kill(pid_, SIGTERM);
  }
}

void Process::kill() {
  if (pid_ != 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
  }
}

}  // namespace lab07
