/// @file thread_waits.hpp
/// @brief What each thread of a stuck process waits for, and the plain-words diagnosis of the hang.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "conclab/stack_capture.hpp"

namespace conclab {

/// What a thread is doing, as far as its state, its system call and its stack tell.
enum class WaitKind {
  kRunning,            ///< On a CPU or ready to run: a busy loop or a spinning wait.
  kMutex,              ///< Blocked locking a mutex.
  kConditionVariable,  ///< Blocked in a condition-variable wait.
  kJoin,               ///< Blocked joining another thread.
  kFuture,             ///< Blocked waiting for a future's result (std::future::get or wait).
  kFutex,              ///< Blocked on some other futex (an atomic wait, a latch, a semaphore).
  kSleep,              ///< Sleeping for a while.
  kInput,              ///< Waiting for input (a pipe, a socket, the terminal).
  kChildProcess,       ///< Waiting for a child process.
  kOther,              ///< Blocked in some other system call.
};

/// One thread of a stuck process.
struct ThreadWait {
  int tid = 0;                       ///< Kernel thread id.
  std::string name;                  ///< Thread name (/proc comm).
  WaitKind kind = WaitKind::kOther;  ///< What it is doing.
  /// The thread it waits for: the owner of the mutex it wants, or the thread it joins (0 when
  /// unknown or not applicable).
  int waits_for = 0;
  std::vector<StackFrame> stack;  ///< Its call stack, innermost first (may be empty).
  bool running = false;           ///< Whether /proc said it was running.
  long syscall = -1;              ///< The system call it was blocked in (-1: none).
  std::uintptr_t futex = 0;       ///< The futex word's address, when blocked on one.
  /// For a wait for a child process (wait4): the pid waited for, -1 for any child, 0 unknown.
  int child = 0;
  /// The kernel function it sleeps in (/proc/.../wchan: "pipe_write", "do_wait"), or empty.
  std::string wchan;
  bool ended = false;  ///< Its process has exited and nobody has waited for it (a zombie).
  /// Blocked in a futex wait with no time limit (a mutex, a condition variable or latch waited
  /// on without a deadline, a join): only another thread can end it.
  bool waits_without_limit = false;
};

/// What a blocked thread waits for, from its innermost frames (glibc's and libstdc++'s names),
/// or from its system call number when there is no stack.
WaitKind classify_wait(const std::vector<StackFrame>& stack, bool running, long syscall_number);

/// The innermost frame that is the program's own code: not the C library, not the standard
/// library, not conclab's runtime. Empty when the stack has none.
std::optional<StackFrame> own_code_frame(const std::vector<StackFrame>& stack);

/// The cycles of the wait-for graph (thread -> the thread it waits for), each listed once,
/// starting at its smallest thread id.
std::vector<std::vector<int>> find_wait_cycles(const std::vector<ThreadWait>& threads);

/// Every thread of this process but the calling one, with its state and system call from /proc.
/// Read it before attaching a tracer (which disturbs both), then call attach_stacks().
std::vector<ThreadWait> inspect_own_threads();

/// Whether this process can never go on by itself: it has threads (`others`: all but the one
/// asking), every one of them waits without a time limit on a futex (see
/// ThreadWait::waits_without_limit), and it started no process that could share one with it.
/// Seen twice with no thread run in between, it is a deadlock, whatever the time limit says.
bool waits_for_good(const std::vector<ThreadWait>& others, bool has_descendants);

/// The state letter of process `pid` in /proc ('R' running, 'S' asleep, 'Z' a zombie never
/// waited for, ...), or '?' when it is gone.
char process_state(int pid);

/// The processes whose parent is `parent` (running, stopped or zombies never waited for), from
/// /proc, by pid.
std::vector<int> child_processes(int parent);

/// Every process descended from `root` (its children, theirs, ...), in the order found.
/// `on_found`, when given, runs on each one as soon as it is found, before the walk goes on
/// (the watchdog stops each with SIGSTOP there, so that a fork bomb cannot outbreed the walk).
/// The walk over /proc makes a bounded number of passes.
std::vector<int> descendant_processes(int root, const std::function<void(int)>& on_found = {});

/// Every thread of process `pid` (another process: no thread is left out), from /proc alone.
std::vector<ThreadWait> inspect_process_threads(int pid);

/// The name of process `pid` (/proc comm), or empty when it is gone.
std::string process_name(int pid);

/// The pid of process `pid`'s parent, or 0 when unknown.
int process_parent(int pid);

/// Another process's threads, from /proc alone (no stacks): a heading line, `process PID
/// "NAME", child of PPID:`, then one line per thread saying what it waits in, in words and with
/// the kernel's function ("thread 12 \"square\" is writing to a pipe (pipe_write)"). Empty
/// when the process is gone.
std::vector<std::string> describe_process(int pid);

/// The diagnosis of a hang across processes, if it is one (`own`: this process's threads;
/// `children`: each descendant's pid and threads): a thread waits for a child to end while
/// that child is blocked writing to a pipe or socket nobody reads (join before drain); or a
/// thread is blocked reading a pipe while no process it started is left alive to write (a copy
/// of the write end is still open). Empty otherwise.
std::optional<std::string> explain_process_hang(
    const std::vector<ThreadWait>& own,
    const std::vector<std::pair<int, std::vector<ThreadWait>>>& children);

/// Adds each thread's stack from `stacks`, classifies its wait, and for a mutex or a join finds
/// the thread waited for (glibc keeps a mutex's owner, and a running thread's id, in the memory
/// of the futex word waited on).
void attach_stacks(std::vector<ThreadWait>& threads, const ThreadStacks& stacks);

/// The report's body: a line per thread ("thread 3 \"name\" is blocked locking a mutex held by
/// thread 2, in Account::transfer at bank.cpp:42"), then the diagnosis: a wait-for cycle, or
/// "every thread waits on a condition variable" (a lost wake-up or a missing poison pill), or
/// a thread still running (an endless loop).
std::vector<std::string> explain_hang(const std::vector<ThreadWait>& threads);

}  // namespace conclab
