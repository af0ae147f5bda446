/// @file lock_order.hpp
/// @brief What the lock-order checker of conclab::CheckedMutex reports, and where reports go.
///
/// See checked_mutex.hpp for the mutex itself and docs/lock-order-checking.md for the idea.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace conclab {

/// What every lock-order report starts with, so scripts and graders can pick reports out.
inline constexpr std::string_view kLockOrderReportPrefix = "conclab lock-order:";

/// One acquisition of a checked mutex: which mutex, and the line that took it.
struct LockAcquisition {
  std::string mutex;  ///< The mutex's name ("account A"), or where it was created.
  std::string site;   ///< Where it was taken, as "bank.cpp:31" when the line is known.
};

/// One edge of the lock-order graph: thread `thread` took `taken` while it held `held`.
struct LockOrderEdge {
  LockAcquisition held;   ///< The mutex the thread already held, and where it had taken it.
  LockAcquisition taken;  ///< The mutex it took next, and where.
  int thread = 0;  ///< The thread, numbered from 1 in the order threads first take a CheckedMutex.
};

/// A problem the lock-order checker found.
struct LockOrderReport {
  /// Which problem.
  enum class Kind {
    /// The new edge closes a cycle in the lock-order graph: threads taking these mutexes in
    /// these orders at the same time would deadlock, even if this run did not.
    kPossibleDeadlock,
    /// A thread locked a mutex it already holds: it would wait for itself forever.
    kSelfDeadlock,
  };
  Kind kind = Kind::kPossibleDeadlock;  ///< Which problem.
  /// For kPossibleDeadlock, every edge of the cycle, the new one first; each edge's `taken`
  /// mutex is the next edge's `held` one, and the last edge's `taken` is the first's `held`.
  /// For kSelfDeadlock, one edge whose `held` and `taken` are the same mutex.
  std::vector<LockOrderEdge> edges;
  /// The whole report on one line, starting with kLockOrderReportPrefix.
  std::string text;
};

/// What is called with each report, on the thread whose lock() found the problem, before that
/// thread blocks. It may throw: lock() then throws the exception without taking the mutex.
using LockOrderHandler = std::function<void(const LockOrderReport&)>;

/// The default handler: writes the report's text, and a newline, to stderr.
void print_lock_order_report(const LockOrderReport& report);

/// Makes `handler` receive every later report (an empty one restores print_lock_order_report),
/// and returns the handler it replaces.
LockOrderHandler set_lock_order_handler(LockOrderHandler handler);

/// Every report made so far in this process, oldest first, whatever the handler did with them.
std::vector<LockOrderReport> lock_order_reports();

/// How many edges the lock-order graph holds: one per pair of living checked mutexes that some
/// thread has taken one after the other ("B taken while holding A"). A destroyed mutex takes
/// its edges with it.
std::size_t lock_order_edge_count();

/// Forgets the reports lock_order_reports() returns. The lock-order graph is kept: a cycle
/// already reported is not reported again.
void clear_lock_order_reports();

}  // namespace conclab
