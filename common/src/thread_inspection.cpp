// Reads what each thread of this process, and of the processes it started, is doing, from /proc
// and from the futex it sleeps on.
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
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

/// The fields of /proc/.../stat after the name (which may hold spaces and parentheses):
/// the one-letter state ('R' running, 'S' sleeping, ...), then the parent's pid, ...
std::istringstream stat_fields(const std::filesystem::path& dir) {
  const std::string stat = read_first_line(dir / "stat");
  const auto name_end = stat.rfind(')');
  return std::istringstream(name_end == std::string::npos ? "" : stat.substr(name_end + 1));
}

char thread_state(const std::filesystem::path& task_dir) {
  char state = '?';
  stat_fields(task_dir) >> state;
  return state;
}

/// The parent of process `pid` (0 when it cannot be read).
int parent_of(int pid) {
  char state = '?';
  int parent = 0;
  stat_fields("/proc/" + std::to_string(pid)) >> state >> parent;
  return parent;
}

struct Syscall {
  long number = -1;
  std::array<std::uintptr_t, 4> arguments{};  ///< the first four (0 when not shown)
};

/// The system call the thread is blocked in, from /proc/.../syscall ("202 0x55d0... 0x80 ...").
Syscall blocked_syscall(const std::filesystem::path& task_dir) {
  std::istringstream fields(read_first_line(task_dir / "syscall"));
  Syscall call;
  fields >> call.number;
  for (std::uintptr_t& value : call.arguments) {
    std::string argument;
    fields >> argument;
    if (argument.starts_with("0x")) {
      value = std::stoull(argument.substr(2), nullptr, 16);
    }
  }
  return call;
}

/// futex(word, op, value, timeout, ...) that sleeps until another thread wakes it: a wait
/// (plain, bitset, priority-inheritance lock or requeue) whose timeout pointer is null.
bool futex_waits_without_limit(const Syscall& call) {
  constexpr long kFutex = 202;
  constexpr std::uintptr_t kCommandMask = 0x7f;  // without FUTEX_PRIVATE_FLAG, CLOCK_REALTIME
  constexpr std::array<std::uintptr_t, 4> kWaits = {0 /* WAIT */, 6 /* LOCK_PI */,
                                                    9 /* WAIT_BITSET */, 11 /* WAIT_REQUEUE_PI */};
  const std::uintptr_t command = call.arguments[1] & kCommandMask;
  return call.number == kFutex && call.arguments[3] == 0 &&
         std::find(kWaits.begin(), kWaits.end(), command) != kWaits.end();
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

/// What /proc tells of one thread (task_dir is /proc/PID/task/TID).
ThreadWait inspect_task(const std::filesystem::path& task_dir) {
  constexpr long kFutex = 202;
  constexpr long kWait4 = 61;
  ThreadWait thread;
  thread.tid = std::stoi(task_dir.filename().string());
  thread.name = read_first_line(task_dir / "comm");
  const char state = thread_state(task_dir);
  thread.running = state == 'R';
  thread.ended = state == 'Z';
  const Syscall call = blocked_syscall(task_dir);
  thread.syscall = call.number;
  thread.futex = call.number == kFutex ? call.arguments[0] : 0;
  thread.waits_without_limit = !thread.running && futex_waits_without_limit(call);
  if (call.number == kWait4) {  // wait4(pid, ...): -1 waits for any child
    thread.child = static_cast<int>(static_cast<std::int32_t>(call.arguments[0]));
  }
  if (!thread.running && !thread.ended) {
    thread.wchan = read_first_line(task_dir / "wchan");
    if (thread.wchan == "0") {  // the kernel hides it
      thread.wchan.clear();
    }
  }
  thread.kind = classify_wait({}, thread.running, thread.syscall);
  return thread;
}

/// Every thread of the process whose /proc folder is `process_dir`, but `skip`, by thread id.
std::vector<ThreadWait> inspect_threads(const std::filesystem::path& process_dir,
                                        const std::string& skip) {
  std::vector<ThreadWait> threads;
  std::error_code error;  // the process may end while we look
  for (const auto& entry : std::filesystem::directory_iterator(process_dir / "task", error)) {
    if (entry.path().filename() != skip) {
      threads.push_back(inspect_task(entry.path()));
    }
  }
  std::sort(threads.begin(), threads.end(),
            [](const ThreadWait& a, const ThreadWait& b) { return a.tid < b.tid; });
  return threads;
}

}  // namespace

std::vector<ThreadWait> inspect_own_threads() {
  return inspect_threads("/proc/self", std::to_string(::gettid()));
}

std::vector<ThreadWait> inspect_process_threads(int pid) {
  return inspect_threads("/proc/" + std::to_string(pid), "");
}

std::string process_name(int pid) {
  return read_first_line("/proc/" + std::to_string(pid) + "/comm");
}

int process_parent(int pid) {
  return parent_of(pid);
}

char process_state(int pid) {
  return thread_state("/proc/" + std::to_string(pid));
}

std::vector<int> child_processes(int parent) {
  std::vector<int> children;
  std::error_code error;  // a process may end while we look
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    if (const int pid = std::atoi(name.c_str()); parent_of(pid) == parent) {
      children.push_back(pid);
    }
  }
  std::sort(children.begin(), children.end());
  return children;
}

std::vector<int> descendant_processes(int root, const std::function<void(int)>& on_found) {
  constexpr int kMaxPasses = 64;
  std::vector<int> ours = {root};
  std::error_code error;
  bool found = true;
  for (int pass = 0; found && pass < kMaxPasses; ++pass) {
    found = false;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
      const std::string name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) {
        continue;
      }
      const int pid = std::atoi(name.c_str());
      if (std::find(ours.begin(), ours.end(), pid) == ours.end() &&
          std::find(ours.begin(), ours.end(), parent_of(pid)) != ours.end()) {
        if (on_found) {
          on_found(pid);
        }
        ours.push_back(pid);
        found = true;
      }
    }
  }
  ours.erase(ours.begin());
  return ours;
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
