/// @file checked_mutex.hpp
/// @brief conclab::CheckedMutex, a std::mutex that checks lock order (lockdep-style), and
/// conclab::Mutex, the lab's mutex, checked when CONCLAB_CHECK_LOCK_ORDER is defined.
///
/// See docs/lock-order-checking.md for the idea, and lock_order.hpp for the reports.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#if __has_include(<source_location>)
#include <source_location>
#endif

#include "conclab/lock_order.hpp"

namespace conclab {

#if defined(__cpp_lib_source_location)
/// A line of source code, filled in where a default argument `SourceLocation::current()` is
/// evaluated: at the caller's line.
using SourceLocation = std::source_location;
#else
/// A line of source code, filled in where a default argument `SourceLocation::current()` is
/// evaluated: at the caller's line. The same interface as std::source_location, for compilers
/// whose standard library lacks it (clang 14 with libstdc++ 12); it has no column.
class SourceLocation {
 public:
  /// The location of the expression that calls current(), when it is used as a default
  /// argument: the line of the call that left the argument out.
  static constexpr SourceLocation current(const char* file = __builtin_FILE(),
                                          const char* function = __builtin_FUNCTION(),
                                          std::uint_least32_t line = __builtin_LINE()) noexcept {
    SourceLocation location;
    location.file_ = file;
    location.function_ = function;
    location.line_ = line;
    return location;
  }
  /// The source file's path, as the compiler was given it.
  [[nodiscard]] constexpr const char* file_name() const noexcept { return file_; }
  /// The enclosing function's name.
  [[nodiscard]] constexpr const char* function_name() const noexcept { return function_; }
  /// The line number, from 1.
  [[nodiscard]] constexpr std::uint_least32_t line() const noexcept { return line_; }
  /// Always 0: the column is unknown.
  // NOLINTNEXTLINE(readability-convert-member-functions-to-static): as std::source_location's
  [[nodiscard]] constexpr std::uint_least32_t column() const noexcept { return 0; }

 private:
  const char* file_ = "";
  const char* function_ = "";
  std::uint_least32_t line_ = 0;
};
#endif

/// A drop-in replacement for std::mutex that checks the order in which each thread takes
/// mutexes, as the Linux kernel's lockdep does, and reports an order that *could* deadlock the
/// first time it happens, even in a run that did not deadlock.
///
/// Each thread keeps the checked mutexes it holds. When it blocks in lock() on mutex M while
/// holding H, the checker records the edge "M taken while holding H" in one process-wide graph.
/// An edge that closes a cycle (A before B here, B before A elsewhere) is a possible deadlock:
/// reported once, with the lines that took each mutex (see LockOrderReport), to the handler of
/// set_lock_order_handler(). Locking a mutex the thread already holds is reported as a
/// self-deadlock, and then lock() throws std::system_error (resource_deadlock_would_occur)
/// instead of waiting forever.
///
/// It is *Lockable*, so std::scoped_lock, std::unique_lock, std::lock_guard and
/// std::condition_variable_any work with it:
/// @code
///   conclab::CheckedMutex account_a{"account A"};
///   conclab::CheckedMutex account_b{"account B"};
///   {
///     const conclab::CheckedLock hold_a(account_a);  // reports name this line
///     const std::scoped_lock hold_b(account_b);      // and this one, found from the stack
///   }
/// @endcode
///
/// **Which line a report names.** lock() takes the caller's line as a default argument. Called
/// from a standard-library guard (std::scoped_lock, std::unique_lock, condition_variable_any),
/// that line is inside the library's header; lock() then also records the return addresses of
/// the call stack (about a microsecond), and a report turns them into the first line outside
/// the library (with `addr2line`, from binutils). CheckedLock names the line at no cost.
///
/// try_lock() records no edges: it never waits, so it cannot deadlock. That is why
/// std::scoped_lock(a, b), which locks one mutex and only tries the other, is never reported.
class CheckedMutex {
 public:
  /// A mutex that reports call by the line that created it.
  CheckedMutex(SourceLocation created = SourceLocation::current());  // NOLINT: for `= {}`
  /// A mutex that reports call `name` ("account A").
  explicit CheckedMutex(std::string name, SourceLocation created = SourceLocation::current());
  CheckedMutex(const CheckedMutex&) = delete;
  CheckedMutex& operator=(const CheckedMutex&) = delete;
  CheckedMutex(CheckedMutex&&) = delete;
  CheckedMutex& operator=(CheckedMutex&&) = delete;
  /// Removes the mutex, and every edge that names it, from the lock-order graph.
  ~CheckedMutex();

  /// Blocks until the calling thread holds the mutex, after recording an edge from each
  /// checked mutex the thread holds to this one (and reporting any new cycle). Throws
  /// std::system_error (resource_deadlock_would_occur), after a report, when the calling
  /// thread already holds it.
  void lock(SourceLocation where = SourceLocation::current());
  /// Takes the mutex if it is free, without waiting and without recording edges; false when it
  /// is taken (by any thread, the caller included).
  bool try_lock(SourceLocation where = SourceLocation::current());
  /// Releases the mutex. Mutexes may be released in any order.
  void unlock();

  /// The name reports call it by: the one given, or "mutex created at FILE:LINE".
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// The mutex's number in the lock-order graph, unique in the process (unlike its address,
  /// which a later mutex may reuse).
  [[nodiscard]] std::uint64_t id() const noexcept { return id_; }

 private:
  std::mutex mutex_;
  std::uint64_t id_;
  std::string name_;
};

/// Holds a CheckedMutex for its lifetime, like std::lock_guard, and names the line that
/// created it in lock-order reports without looking at the stack.
class [[nodiscard]] CheckedLock {
 public:
  /// Locks `mutex`; `where` is the line of the declaration.
  explicit CheckedLock(CheckedMutex& mutex, SourceLocation where = SourceLocation::current())
      : mutex_(&mutex) {
    mutex_->lock(where);
  }
  CheckedLock(const CheckedLock&) = delete;
  CheckedLock& operator=(const CheckedLock&) = delete;
  CheckedLock(CheckedLock&&) = delete;
  CheckedLock& operator=(CheckedLock&&) = delete;
  /// Unlocks the mutex.
  ~CheckedLock() { mutex_->unlock(); }

 private:
  CheckedMutex* mutex_;
};

#if defined(CONCLAB_CHECK_LOCK_ORDER)
/// The lab's mutex. This build defines CONCLAB_CHECK_LOCK_ORDER, so it is CheckedMutex and
/// lock-order problems are reported; without the macro it is std::mutex.
using Mutex = CheckedMutex;
#else
/// The lab's mutex: std::mutex, or CheckedMutex when CONCLAB_CHECK_LOCK_ORDER is defined (the
/// debug mode of the lab's locks). Define the macro for a whole target and everything it
/// links with (`target_compile_definitions(T PUBLIC CONCLAB_CHECK_LOCK_ORDER)`, and link
/// conclab::lock_order): one program must not see both meanings in one class.
using Mutex = std::mutex;
#endif

}  // namespace conclab
