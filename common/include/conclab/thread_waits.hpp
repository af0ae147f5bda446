/// @file thread_waits.hpp
/// @brief What each thread of a stuck process waits for, and the plain-words diagnosis of the hang.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
