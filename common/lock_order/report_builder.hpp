// Builds the reports of lock-order problems, with their sites described and their text.
#pragma once

#include "conclab/lock_order.hpp"
#include "held_locks.hpp"
#include "lock_order_graph.hpp"

namespace conclab::lock_order_detail {

/// The report of a cycle in the lock-order graph, the edge that closed it first.
LockOrderReport possible_deadlock_report(const LockOrderCycle& cycle);

/// The report of thread `thread` locking again, at `again`, the mutex it holds as `held`.
LockOrderReport self_deadlock_report(const HeldLock& held, const AcquisitionSite& again,
                                     int thread);

}  // namespace conclab::lock_order_detail
