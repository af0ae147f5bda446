#include "child.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace lab09 {
namespace {

ExitStatus decode(int status) {
  if (WIFSIGNALED(status)) {
    return ExitStatus{true, WTERMSIG(status)};
  }
  return ExitStatus{false, WEXITSTATUS(status)};
}

/// waitpid() on `pid`, again after EINTR; 0 while it runs (with WNOHANG).
pid_t wait_for(pid_t pid, int* status, int options) {
  pid_t result = 0;
  do {
    result = ::waitpid(pid, status, options);
  } while (result < 0 && errno == EINTR);
  if (result < 0) {
    throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  return result;
}

/// Forks; the child runs `body` and leaves with _exit(), the parent gets the child's pid.
pid_t fork_running(const std::function<int()>& body) {
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw std::system_error(errno, std::generic_category(), "fork");
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) {  // the parent died before prctl()
      ::_exit(Child::kUncaughtException);
    }
    int status = Child::kUncaughtException;
    try {
      status = body();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the exit status says it
    }
    ::_exit(status);
  }
  return pid;
}

}  // namespace

std::string ExitStatus::describe() const {
  if (signaled) {
    const char* name = ::sigdescr_np(number);  // strsignal() is not thread-safe
    return "killed by signal " + std::to_string(number) + " (" +
           (name != nullptr ? name : "unknown signal") + ")";
  }
  return "exited with status " + std::to_string(number);
}

Child::Child(const std::function<int()>& body) : pid_(fork_running(body)) {}

Child& Child::operator=(Child&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    pid_ = std::exchange(other.pid_, -1);
  }
  return *this;
}

Child::~Child() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
}

void Child::kill(int signal) const {
  if (pid_ > 0) {
    ::kill(pid_, signal);
  }
}

ExitStatus Child::wait() {
  if (pid_ <= 0) {
    throw std::logic_error("Child::wait: no child to wait for (already reaped?)");
  }
  int status = 0;
  wait_for(pid_, &status, 0);
  pid_ = -1;
  return decode(status);
}

std::optional<ExitStatus> Child::try_wait() {
  if (pid_ <= 0) {
    throw std::logic_error("Child::try_wait: no child to wait for (already reaped?)");
  }
  int status = 0;
  if (wait_for(pid_, &status, WNOHANG) == 0) {
    return std::nullopt;
  }
  pid_ = -1;
  return decode(status);
}

}  // namespace lab09
