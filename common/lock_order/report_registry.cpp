#include "report_registry.hpp"

#include <cstdio>
#include <mutex>
#include <utility>

namespace conclab {
namespace {

/// The reports so far and the handler, under one plain std::mutex.
struct Registry {
  std::mutex mutex;
  std::vector<LockOrderReport> reports;
  LockOrderHandler handler = print_lock_order_report;
};

Registry& registry() {
  // Never destroyed: a CheckedMutex with static storage may report during static destruction.
  static auto* const the_registry = new Registry();  // NOLINT(*-avoid-non-const-global-variables)
  return *the_registry;
}

}  // namespace

void print_lock_order_report(const LockOrderReport& report) {
  // One write per report, so that reports from several threads do not interleave.
  const std::string line = report.text + '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

LockOrderHandler set_lock_order_handler(LockOrderHandler handler) {
  Registry& the_registry = registry();
  const std::scoped_lock lock(the_registry.mutex);
  if (!handler) {
    handler = print_lock_order_report;
  }
  return std::exchange(the_registry.handler, std::move(handler));
}

std::vector<LockOrderReport> lock_order_reports() {
  Registry& the_registry = registry();
  const std::scoped_lock lock(the_registry.mutex);
  return the_registry.reports;
}

void clear_lock_order_reports() {
  Registry& the_registry = registry();
  const std::scoped_lock lock(the_registry.mutex);
  the_registry.reports.clear();
}

namespace lock_order_detail {

void publish_report(const LockOrderReport& report) {
  Registry& the_registry = registry();
  LockOrderHandler handler;
  {
    const std::scoped_lock lock(the_registry.mutex);
    the_registry.reports.push_back(report);
    handler = the_registry.handler;  // a copy: it runs without the lock
  }
  handler(report);
}

}  // namespace lock_order_detail
}  // namespace conclab
