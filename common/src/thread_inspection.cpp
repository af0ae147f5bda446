// Reads what each thread of this process is doing, from /proc and from the futex it sleeps on.
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "conclab/thread_waits.hpp"

namespace conclab {
namespace {

std::string read_first_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

/// The one-letter state of /proc/.../stat ('R' running, 'S' sleeping, ...).
char thread_state(const std::filesystem::path& task_dir) {
  const std::string stat = read_first_line(task_dir / "stat");
  const auto name_end = stat.rfind(')');
  return name_end != std::string::npos && name_end + 2 < stat.size() ? stat[name_end + 2] : '?';
}

struct Syscall {
  long number = -1;
  std::uintptr_t first_argument = 0;
};

/// The system call the thread is blocked in, from /proc/.../syscall ("202 0x55d0... 0x80 ...").
Syscall blocked_syscall(const std::filesystem::path& task_dir) {
  std::istringstream fields(read_first_line(task_dir / "syscall"));
  Syscall call;
  std::string argument;
  fields >> call.number >> argument;
  if (argument.starts_with("0x")) {
    call.first_argument = std::stoull(argument.substr(2), nullptr, 16);
  }
  return call;
}

/// Reads an int of this process's memory without risking a fault on a bad address.
int read_int_at(std::uintptr_t address) {
  int value = 0;
  iovec local{.iov_base = &value, .iov_len = sizeof value};
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the address comes from the kernel, as a number
  iovec remote{.iov_base = reinterpret_cast<void*>(address), .iov_len = sizeof value};
  return ::process_vm_readv(::getpid(), &local, 1, &remote, 1, 0) == sizeof value ? value : 0;
}

/// glibc's pthread_mutex_t keeps its owner's thread id 8 bytes into the futex word's struct;
/// a thread's id sits in the futex word that pthread_join waits on.
int thread_waited_for(const ThreadWait& thread) {
  constexpr std::uintptr_t kMutexOwnerOffset = 8;
  if (thread.futex == 0) {
    return 0;
  }
  if (thread.kind == WaitKind::kMutex) {
    return read_int_at(thread.futex + kMutexOwnerOffset);
  }
  if (thread.kind == WaitKind::kJoin) {
    return read_int_at(thread.futex);
  }
  return 0;
}

}  // namespace

std::vector<ThreadWait> inspect_own_threads() {
  constexpr long kFutex = 202;
  std::vector<ThreadWait> threads;
  const std::string self = std::to_string(::gettid());
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    const auto& task_dir = entry.path();
    if (task_dir.filename() == self) {
      continue;
    }
    ThreadWait thread;
    thread.tid = std::stoi(task_dir.filename().string());
    thread.name = read_first_line(task_dir / "comm");
    thread.running = thread_state(task_dir) == 'R';
    const Syscall call = blocked_syscall(task_dir);
    thread.syscall = call.number;
    thread.futex = call.number == kFutex ? call.first_argument : 0;
    thread.kind = classify_wait({}, thread.running, thread.syscall);
    threads.push_back(std::move(thread));
  }
  std::sort(threads.begin(), threads.end(),
            [](const ThreadWait& a, const ThreadWait& b) { return a.tid < b.tid; });
  return threads;
}

void attach_stacks(std::vector<ThreadWait>& threads, const ThreadStacks& stacks) {
  for (ThreadWait& thread : threads) {
    if (const auto stack = stacks.find(thread.tid); stack != stacks.end()) {
      thread.stack = stack->second;
    }
    thread.kind = classify_wait(thread.stack, thread.running, thread.syscall);
    thread.waits_for = thread_waited_for(thread);
  }
}

}  // namespace conclab
