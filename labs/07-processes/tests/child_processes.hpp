/// @file child_processes.hpp
/// @brief What the lab 07 tests need around child processes: the children this process has
/// (read from /proc, zombies included), memory shared with them, and a fixture that fails a
/// test which leaves a child behind.
#pragma once

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <ostream>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "conclab/testing/watchdog_listener.hpp"
#include "conclab/thread_waits.hpp"
#include "shared_counter.hpp"

namespace lab07::testing {

/// A process whose parent is this process, as /proc shows it.
struct Child {
  pid_t pid = 0;
  char state = '?';  ///< 'Z' for a zombie (ended, never reaped), 'S' asleep, 'R' running, ...
};

inline void PrintTo(const Child& child, std::ostream* out) {
  *out << "pid " << child.pid
       << (child.state == 'Z' ? " (a zombie: ended, never reaped)" : " (still running, state ")
       << (child.state == 'Z' ? "" : std::string(1, child.state) + ")");
}

/// Every process whose parent is this process: running, stopped or zombie. /proc lists
/// processes (not threads), so only children are found, whichever thread started them.
inline std::vector<Child> children_of_this_process() {
  std::vector<Child> children;
  for (const int pid : conclab::child_processes(::getpid())) {
    children.push_back({pid, conclab::process_state(pid)});
  }
  return children;
}

/// Waits (up to `timeout`) until this process has no child left at all.
inline bool no_child_left_within(std::chrono::milliseconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (!children_of_this_process().empty()) {
    if (std::chrono::steady_clock::now() > give_up) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

/// Kills and reaps every child left, so that one failed test does not spill into the next.
inline void kill_and_reap_every_child() {
  for (const Child& child : children_of_this_process()) {
    ::kill(child.pid, SIGKILL);
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

/// A fixture for every lab 07 test: after the test, no child of this process may be left,
/// neither running (an orphan to be) nor a zombie (never reaped). A child the code under test
/// left behind fails the test, and is then cleaned up.
class NoChildLeft : public ::testing::Test {
 protected:
  void SetUp() override { kill_and_reap_every_child(); }
  void TearDown() override {
    const std::vector<Child> left = children_of_this_process();
    EXPECT_TRUE(left.empty()) << "the test left " << left.size()
                              << " child process(es) behind; the first: "
                              << ::testing::PrintToString(left.front())
                              << ". Every child must be joined (waitpid), also by the destructor.";
    kill_and_reap_every_child();
  }
};

/// Called first thing in a test's child: if the test process dies (a failed assertion, the
/// watchdog), the kernel kills the child too, so no test ever leaves a process running.
/// Does nothing when called in the parent itself (code that wrongly runs the child's work in
/// the parent: the test then reports that).
inline void die_with_parent(pid_t parent) {
  if (::getpid() == parent) {
    return;
  }
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) {  // the parent died before prctl() took effect
    ::_exit(99);
  }
}

/// Ends the calling child with SIGABRT, as std::abort() does, without writing a core file.
[[noreturn]] inline void abort_without_core_file() {
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  std::abort();
}

/// How long a test waits for children that should be done in milliseconds: half the test's
/// deadline (which grows under sanitizers), so the test reports the culprit itself.
inline std::chrono::milliseconds progress_limit() {
  return conclab::testing::test_deadline() / 2;
}

/// A T constructed in an anonymous shared mapping: fork()ed children and the parent see the
/// same object (T must work across processes: atomics, RobustMutex, plain data).
template <class T>
class Shared {
 public:
  template <class... Args>
  explicit Shared(Args&&... args) {
    void* memory =
        ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      throw std::system_error(errno, std::generic_category(), "mmap");
    }
    object_ = new (memory) T(std::forward<Args>(args)...);
  }
  ~Shared() {
    object_->~T();
    ::munmap(object_, sizeof(T));
  }
  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;

  T& operator*() const { return *object_; }
  T* operator->() const { return object_; }

 private:
  T* object_ = nullptr;
};

/// A start line for children: each waits at it until the parent opens it, so that they all
/// run at the same moment, not one after another as they are forked.
struct Gate {
  std::atomic<int> open{0};
  void wait() const {
    while (open.load() == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  }
};

}  // namespace lab07::testing

namespace lab07 {

/// Prints a PidCounter snapshot as "{key: count, ...} total N".
inline void PrintTo(const PidCounter::Snapshot& snapshot, std::ostream* out) {
  *out << "{";
  const char* separator = "";
  for (const auto& [key, count] : snapshot.counts) {
    *out << separator << key << ": " << count;
    separator = ", ";
  }
  *out << "} total " << snapshot.total;
}

}  // namespace lab07
