// Where reports go: the list lock_order_reports() returns, and the handler.
#pragma once

#include "conclab/lock_order.hpp"

namespace conclab::lock_order_detail {

/// Adds `report` to the process's reports and hands it to the current handler, on the calling
/// thread, with no lock of the checker held (the handler may lock mutexes, and may throw).
void publish_report(const LockOrderReport& report);

}  // namespace conclab::lock_order_detail
