#include "conclab/thread_waits.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <set>
#include <string_view>

#include <fmt/core.h>

namespace conclab {
namespace {

bool mentions_any(const std::string& function, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view name) {
    return function.find(name) != std::string::npos;
  });
}

/// The kind of wait a libc/libstdc++ function name stands for, if it is one we know.
std::optional<WaitKind> wait_of_function(const std::string& function) {
  // First: libstdc++'s futures wait on an atomic futex of their own, not a condition variable.
  if (mentions_any(function, {"__future_base", "__atomic_futex_unsigned"})) {
    return WaitKind::kFuture;
  }
  if (mentions_any(function, {"pthread_cond_", "condition_variable"})) {
    return WaitKind::kConditionVariable;
  }
  if (mentions_any(function, {"pthread_mutex_", "lll_lock_wait", "mutex::lock"})) {
    return WaitKind::kMutex;
  }
  if (mentions_any(function, {"pthread_join", "clockjoin", "thread::join"})) {
    return WaitKind::kJoin;
  }
  if (mentions_any(function, {"nanosleep", "sleep_for", "sleep_until"})) {
    return WaitKind::kSleep;
  }
  return std::nullopt;
}

WaitKind wait_of_syscall(long number) {
  switch (number) {
    case 202:  // futex
      return WaitKind::kFutex;
    case 35:   // nanosleep
    case 230:  // clock_nanosleep
      return WaitKind::kSleep;
    case 0:    // read
    case 7:    // poll
    case 232:  // epoll_wait
    case 281:  // epoll_pwait
    case 45:   // recvfrom
    case 23:   // select
      return WaitKind::kInput;

    case 61:   // wait4
    case 247:  // waitid
      return WaitKind::kChildProcess;
    default:
      return WaitKind::kOther;
  }
}

/// Whether a frame's file belongs to the system (the C or C++ library) rather than to this
/// project. Relative paths need care: glibc's are relative to its own build ("./nptl/...",
/// "../sysdeps/..."), and so are ours when ccache's base_dir rewrote them
/// ("../../labs/...", "grade/.../src/..."); ours are told by their first real folder.
bool in_system_file(const StackFrame& frame) {
  std::string_view file = frame.file;
  if (file.starts_with("/")) {
    return file.starts_with("/usr/");
  }
  while (file.starts_with("./") || file.starts_with("../")) {
    file.remove_prefix(file.find('/') + 1);
  }
  constexpr std::array<std::string_view, 5> kOwnFolders = {"labs/", "solutions/", "common/",
                                                           "grading/", "grade/"};
  return std::none_of(kOwnFolders.begin(), kOwnFolders.end(),
                      [file](std::string_view folder) { return file.starts_with(folder); });
}

/// Whether a frame is the C library's, the standard library's, or conclab's runtime. A frame of
/// the program's own function may still be located in a system header, where the compiler
/// inlined library code into it: its qualified name tells.
bool is_library_frame(const StackFrame& frame) {
  const std::string_view function = frame.function;
  if (function.empty() || frame.file.find("/common/src/") != std::string::npos) {
    return true;
  }
  if (in_system_file(frame)) {
    // Inlined library templates appear as bare names ("_M_invoke", "wait_until<...>").
    const auto qualifier = function.find("::");
    if (qualifier == std::string_view::npos || qualifier > function.find_first_of("<(")) {
      return true;
    }
  }
  constexpr std::array<std::string_view, 11> kLibraryPrefixes = {
      "std::", "void std::", "__",           "testing::", "conclab::", "pthread",
      "futex", "syscall",    "start_thread", "clone",     "lll_"};
  return std::any_of(kLibraryPrefixes.begin(), kLibraryPrefixes.end(),
                     [&](std::string_view prefix) { return function.starts_with(prefix); });
}

/// "ns::Type::method(int, char) const" -> "ns::Type::method": the argument list is noise here.
std::string_view without_arguments(std::string_view function) {
  if (function.ends_with(" const")) {
    function.remove_suffix(6);
  }
  if (!function.ends_with(')')) {
    return function;
  }
  int depth = 0;
  for (std::size_t i = function.size(); i-- > 0;) {
    depth += function[i] == ')' ? 1 : function[i] == '(' ? -1 : 0;
    if (depth == 0) {
      return function.substr(0, i);
    }
  }
  return function;
}

/// The function's name without its argument list and anonymous namespaces.
std::string readable_function(std::string_view function) {
  std::string name(without_arguments(function));
  constexpr std::string_view kAnonymous = "(anonymous namespace)::";
  for (auto at = name.find(kAnonymous); at != std::string::npos; at = name.find(kAnonymous)) {
    name.erase(at, kAnonymous.size());
  }
  return name;
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// What a thread sleeping in kernel function `wchan` waits for, in words, with the function's
/// name after them; empty when `wchan` is empty.
std::string kernel_wait_words(const std::string& wchan) {
  if (wchan.empty()) {
    return "";
  }
  // The kernel's names, by what they mean (a part of the name is enough: versions differ).
  constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kWords = {{
      {"pipe_write", "is blocked writing to a full pipe"},
      {"pipe_read", "is blocked reading from an empty pipe"},
      {"do_wait", "is waiting for a child process to end"},
      {"unix_stream_data_wait", "is blocked reading from a socket"},
      {"unix_stream_read", "is blocked reading from a socket"},
      {"sock_alloc_send", "is blocked writing to a socket whose buffer is full"},
      {"unix_stream_sendmsg", "is blocked writing to a socket whose buffer is full"},
      {"wait_memory", "is blocked writing to a socket whose buffer is full"},
      {"futex",
       "is blocked on a futex: a lock (maybe one shared between processes), a "
       "condition variable or an atomic wait"},
      {"nanosleep", "is sleeping"},
      {"poll", "is waiting in poll or select"},
      {"select", "is waiting in poll or select"},
  }};
  for (const auto& [name, words] : kWords) {
    if (wchan.find(name) != std::string::npos) {
      return fmt::format("{} ({})", words, wchan);
    }
  }
  return fmt::format("is blocked in the kernel ({})", wchan);
}

std::string describe_wait(const ThreadWait& thread) {
  const std::string other = thread.waits_for != 0 ? fmt::format("{}", thread.waits_for) : "";
  if (thread.ended) {
    return "has exited, and nobody has waited for it yet (a zombie)";
  }
  if (thread.kind == WaitKind::kChildProcess && thread.child != 0) {
    return thread.child > 0
               ? fmt::format("is waiting for child process {} to end (waitpid)", thread.child)
               : "is waiting for any child process to end (waitpid)";
  }
  // Without a stack, a futex may be anything, a lock shared with another process included.
  if (thread.kind == WaitKind::kInput || thread.kind == WaitKind::kOther ||
      (thread.kind == WaitKind::kFutex && thread.stack.empty())) {
    if (const std::string words = kernel_wait_words(thread.wchan); !words.empty()) {
      return words;
    }
  }
  switch (thread.kind) {
    case WaitKind::kRunning:
      return "is running (a busy loop or a spinning wait?)";
    case WaitKind::kMutex:
      return other.empty() ? "is blocked locking a mutex"
                           : "is blocked locking a mutex held by thread " + other;
    case WaitKind::kConditionVariable:
      return "is waiting on a condition variable";
    case WaitKind::kJoin:
      return other.empty() ? "is joining a thread" : "is joining thread " + other;
    case WaitKind::kFuture:
      return "is waiting for a future (another task's result)";
    case WaitKind::kFutex:
      return "is blocked on a futex (an atomic wait, a latch, a barrier or a semaphore)";
    case WaitKind::kSleep:
      return "is sleeping";
    case WaitKind::kInput:
      return "is waiting for input (a pipe, a socket or the terminal)";
    case WaitKind::kChildProcess:
      return "is waiting for a child process";
    case WaitKind::kOther:
      break;
  }
  return "is blocked in a system call";
}

std::string describe_thread(const ThreadWait& thread) {
  std::string line =
      fmt::format("thread {} \"{}\" {}", thread.tid, thread.name, describe_wait(thread));
  if (const auto frame = own_code_frame(thread.stack)) {
    line += fmt::format(", in {}", readable_function(frame->function));
    if (!frame->file.empty() && !in_system_file(*frame)) {
      line += fmt::format(" at {}:{}", base_name(frame->file), frame->line);
    }
  }
  return line;
}

std::string describe_cycle(const std::vector<int>& cycle,
                           const std::map<int, const ThreadWait*>& by_tid) {
  std::string text = fmt::format("a deadlock: thread {}", cycle.front());
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    const int next = cycle[(i + 1) % cycle.size()];
    text += i == 0 ? " " : ", which ";
    text += by_tid.at(cycle[i])->kind == WaitKind::kJoin
                ? fmt::format("waits for thread {} to finish", next)
                : fmt::format("waits for a mutex held by thread {}", next);
  }
  return text + ". Take the locks in one order everywhere (or together, with std::scoped_lock).";
}

/// Whether every thread is blocked waiting for a wake-up from another (a condition variable, or
/// with `any_futex` also a latch, barrier or atomic wait), or joining such threads.
bool all_wait_for_wake_ups(const std::vector<ThreadWait>& threads, bool any_futex) {
  bool any_waiting = false;
  for (const ThreadWait& thread : threads) {
    if (thread.kind == WaitKind::kConditionVariable ||
        (any_futex && thread.kind == WaitKind::kFutex)) {
      any_waiting = true;
    } else if (thread.kind != WaitKind::kJoin && thread.kind != WaitKind::kSleep) {
      return false;  // a sleeper wakes up by itself, so it is no sign either way
    }
  }
  return any_waiting;
}

/// Whether some thread waits for a future and every other one waits too (for a future, a
/// wake-up, a thread to end, or a while).
bool waits_for_futures(const std::vector<ThreadWait>& threads) {
  bool any_future = false;
  for (const ThreadWait& thread : threads) {
    switch (thread.kind) {
      case WaitKind::kFuture:
        any_future = true;
        break;
      case WaitKind::kConditionVariable:
      case WaitKind::kFutex:
      case WaitKind::kJoin:
      case WaitKind::kSleep:
        break;
      default:
        return false;
    }
  }
  return any_future;
}

/// Whether the thread belongs to a sanitizer's runtime (ThreadSanitizer's background thread).
bool is_sanitizer_thread(const ThreadWait& thread) {
  return std::any_of(
             thread.stack.begin(), thread.stack.end(),
             [](const StackFrame& frame) {
               return mentions_any(frame.function, {"__tsan::", "__sanitizer::", "__asan::"});
             }) &&
         !own_code_frame(thread.stack);
}

bool blocked_writing(const ThreadWait& thread) {
  return !thread.running && mentions_any(thread.wchan, {"pipe_write", "sock_alloc_send",
                                                        "unix_stream_sendmsg", "wait_memory"});
}

}  // namespace

std::vector<std::string> describe_process(int pid) {
  const std::vector<ThreadWait> threads = inspect_process_threads(pid);
  if (threads.empty()) {
    return {};
  }
  std::vector<std::string> lines = {
      fmt::format("process {} \"{}\", child of {}:", pid, process_name(pid), process_parent(pid))};
  for (const ThreadWait& thread : threads) {
    lines.push_back("  " + describe_thread(thread));
  }
  return lines;
}

std::optional<std::string> explain_process_hang(
    const std::vector<ThreadWait>& own,
    const std::vector<std::pair<int, std::vector<ThreadWait>>>& children) {
  for (const ThreadWait& waiter : own) {
    if (waiter.kind != WaitKind::kChildProcess || waiter.child == 0) {
      continue;
    }
    for (const auto& [pid, threads] : children) {
      if ((waiter.child == -1 || waiter.child == pid) &&
          std::any_of(threads.begin(), threads.end(), blocked_writing)) {
        return fmt::format(
            "diagnosis: thread {} waits for process {} to end, and process {} waits for room in "
            "a pipe (or socket) that nobody reads: the reader is waiting for the writer to end "
            "first. Read everything the children send before waiting for them (drain, then "
            "join): a pipe holds only so much (64 KiB on Linux).",
            waiter.tid, pid, pid);
      }
    }
  }
  const bool any_child_alive = std::any_of(children.begin(), children.end(), [](const auto& child) {
    return std::any_of(child.second.begin(), child.second.end(),
                       [](const ThreadWait& thread) { return !thread.ended; });
  });
  for (const ThreadWait& reader : own) {
    if (!any_child_alive && !reader.running &&
        reader.wchan.find("pipe_read") != std::string::npos) {
      return fmt::format(
          "diagnosis: thread {} waits to read from a pipe, and no process this one started is "
          "alive to write to it. A pipe reports the end only once every copy of its write end is "
          "closed: one is still open, most likely this process's own copy, kept after fork(). "
          "Close every end a process does not use.",
          reader.tid);
    }
  }
  return std::nullopt;
}

WaitKind classify_wait(const std::vector<StackFrame>& stack, bool running, long syscall_number) {
  if (running) {
    return WaitKind::kRunning;
  }
  constexpr std::size_t kFramesToLook = 8;  // the wait is among the innermost frames
  for (std::size_t i = 0; i < std::min(stack.size(), kFramesToLook); ++i) {
    if (const auto kind = wait_of_function(stack[i].function)) {
      return *kind;
    }
  }
  return wait_of_syscall(syscall_number);
}

std::optional<StackFrame> own_code_frame(const std::vector<StackFrame>& stack) {
  const auto frame = std::find_if_not(stack.begin(), stack.end(), is_library_frame);
  if (frame == stack.end()) {
    return std::nullopt;
  }
  return *frame;
}

std::vector<std::vector<int>> find_wait_cycles(const std::vector<ThreadWait>& threads) {
  std::map<int, int> next;
  for (const ThreadWait& thread : threads) {
    if (thread.waits_for != 0) {
      next[thread.tid] = thread.waits_for;
    }
  }
  std::vector<std::vector<int>> cycles;
  std::set<int> seen;
  for (const auto& [start, unused] : next) {
    std::vector<int> path;
    int at = start;
    while (!seen.contains(at) && next.contains(at)) {
      seen.insert(at);
      path.push_back(at);
      at = next.at(at);
    }
    if (const auto loop = std::find(path.begin(), path.end(), at); loop != path.end()) {
      std::vector<int> cycle(loop, path.end());
      std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
      cycles.push_back(std::move(cycle));
    }
  }
  return cycles;
}

std::vector<std::string> explain_hang(const std::vector<ThreadWait>& all_threads) {
  std::vector<ThreadWait> threads;
  std::copy_if(all_threads.begin(), all_threads.end(), std::back_inserter(threads),
               [](const ThreadWait& thread) { return !is_sanitizer_thread(thread); });
  std::vector<std::string> lines;
  std::map<int, const ThreadWait*> by_tid;
  for (const ThreadWait& thread : threads) {
    lines.push_back(describe_thread(thread));
    by_tid[thread.tid] = &thread;
  }
  const auto cycles = find_wait_cycles(threads);
  for (const auto& cycle : cycles) {
    lines.push_back("diagnosis: " + describe_cycle(cycle, by_tid));
  }
  if (!cycles.empty()) {
    return lines;
  }
  if (waits_for_futures(threads)) {
    lines.emplace_back(
        "diagnosis: threads wait for futures, and every thread that could produce their results "
        "is waiting too: tasks waiting for each other's results, or a task in a pool waiting for "
        "a task queued behind it with no free worker to run it. A task should not block on "
        "another task's future: return the future to the caller, or compute the result itself.");
  } else if (all_wait_for_wake_ups(threads, false)) {
    lines.emplace_back(
        "diagnosis: every thread waits on a condition variable (or joins one that does), and no "
        "thread is left to notify it: a lost wake-up (a notify before the wait, notify_one where "
        "all had to wake, a wait without a predicate) or a missing poison pill. Not a lock cycle.");
  } else if (all_wait_for_wake_ups(threads, true)) {
    lines.emplace_back(
        "diagnosis: every thread waits for another to do something first (notify, arrive at a "
        "latch or barrier, release a semaphore), and none is left to do it: were the threads run "
        "one at a time, or is a notify or an arrival missing? Not a lock cycle.");
  } else if (std::any_of(threads.begin(), threads.end(),
                         [](const auto& t) { return t.kind == WaitKind::kRunning; })) {
    lines.emplace_back(
        "diagnosis: a thread is still running: an endless loop, or a spinning wait for something "
        "that never happens.");
  }
  return lines;
}

bool waits_for_good(const std::vector<ThreadWait>& others, bool has_descendants) {
  return !has_descendants && !others.empty() &&
         std::all_of(others.begin(), others.end(),
                     [](const ThreadWait& thread) { return thread.waits_without_limit; });
}

}  // namespace conclab
