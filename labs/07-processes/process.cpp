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

Process::~Process() {
  // TODO(task 1): if the child was started and not reaped yet, end it (SIGKILL) and reap it
  // with waitpid(), so that no zombie and no orphan is left. Retry waitpid() on EINTR.
}

bool Process::start() {
  // TODO(task 1): throw std::logic_error on a second call. Flush stdout and stderr, then fork().
  //  - In the child, for a target: run it, catch any exception (exit code 1), flush, and leave
  //    with _exit(code). For a program: execvp(); if it returns, tell the parent errno through
  //    a pipe made with pipe2(O_CLOEXEC), then _exit(127).
  //  - In the parent: keep the pid. For a program, read the pipe: end of file means exec
  //    worked; an errno means it failed: reap the child, fill error_, return false.
  throw std::logic_error("TODO(task 1): Process::start()");
}

bool Process::reap(int options) {
  // TODO(task 1): waitpid(pid_, &status, options), again on EINTR. 0 means still running.
  // Otherwise record the exit code (WIFEXITED/WEXITSTATUS) or minus the signal
  // (WIFSIGNALED/WTERMSIG) in exitcode_, and set reaped_.
  static_cast<void>(options);
  return false;
}

void Process::join() {
  // TODO(task 1): wait for the child and reap it (logic_error before start()).
  throw std::logic_error("TODO(task 1): Process::join()");
}

bool Process::join_for(std::chrono::milliseconds timeout) {
  // TODO(task 2): poll with reap(WNOHANG) until the child has ended or `timeout` has passed,
  // sleeping a little between polls, never past the deadline.
  static_cast<void>(timeout);
  throw std::logic_error("TODO(task 2): Process::join_for()");
}

std::optional<int> Process::exitcode() {
  // TODO(task 1): look with reap(WNOHANG) if the child is still running, then report exitcode_.
  return exitcode_;
}

bool Process::is_alive() {
  // TODO(task 1): started, and reap(WNOHANG) says it has not ended.
  return false;
}

std::string Process::describe() {
  // TODO(task 1): "not started", "running", "exited with code N", "killed by signal N (name)"
  // (sigdescr_np gives the name), or "could not start: " + error_.
  return "TODO";
}

void Process::terminate() {
  // TODO(task 2): send SIGTERM, unless the child was never started or has been reaped.
}

void Process::kill() {
  // TODO(task 2): send SIGKILL, unless the child was never started or has been reaped.
}

}  // namespace lab07
