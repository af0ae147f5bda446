#include "conclab/checked_mutex.hpp"

#include "acquisition_site.hpp"
#include "held_locks.hpp"
#include "lock_order_graph.hpp"
#include "report_builder.hpp"
#include "report_registry.hpp"
#include "site_description.hpp"

#include <atomic>
#include <system_error>
#include <utility>

namespace conclab {
namespace {

namespace detail = lock_order_detail;

std::uint64_t next_mutex_id() {
  static std::atomic<std::uint64_t> mutexes_created{0};
  return mutexes_created.fetch_add(1) + 1;
}

/// Records an edge from each mutex the thread holds to the one it is about to wait for, and
/// reports the cycles they close: before blocking, so that if the deadlock does happen, the
/// report is already out.
void record_edges(const detail::HeldLocks& held, const detail::HeldLock& taking) {
  if (held.all().empty()) {
    return;  // the most common case, and no edge: not even a look at the graph
  }
  const auto cycles =
      detail::LockOrderGraph::instance().record(held.all(), taking, held.thread_number());
  for (const detail::LockOrderCycle& cycle : cycles) {
    detail::publish_report(detail::possible_deadlock_report(cycle));
  }
}

}  // namespace

CheckedMutex::CheckedMutex(SourceLocation created) : CheckedMutex(std::string(), created) {}

CheckedMutex::CheckedMutex(std::string name, SourceLocation created)
    : id_(next_mutex_id()), name_(std::move(name)) {
  if (name_.empty()) {
    name_ = "mutex created at " + detail::describe_source_line(created.file_name(), created.line());
  }
}

CheckedMutex::~CheckedMutex() {
  detail::LockOrderGraph::instance().forget(id_);
}

void CheckedMutex::lock(SourceLocation where) {
  detail::HeldLocks& held = detail::HeldLocks::of_this_thread();
  const detail::HeldLock taking{.mutex = id_, .name = &name_, .site = detail::capture_site(where)};
  if (const detail::HeldLock* already = held.find(id_); already != nullptr) {
    detail::publish_report(
        detail::self_deadlock_report(*already, taking.site, held.thread_number()));
    // What a std::mutex may do when it sees a deadlock coming, instead of waiting forever.
    throw std::system_error(std::make_error_code(std::errc::resource_deadlock_would_occur),
                            "conclab::CheckedMutex \"" + name_ + "\" locked again by its holder");
  }
  record_edges(held, taking);
  mutex_.lock();
  held.add(taking);
}

bool CheckedMutex::try_lock(SourceLocation where) {
  detail::HeldLocks& held = detail::HeldLocks::of_this_thread();
  if (held.find(id_) != nullptr || !mutex_.try_lock()) {
    return false;
  }
  // Held, so later locks are ordered after it; but no edge *to* it: a try cannot wait.
  held.add({.mutex = id_, .name = &name_, .site = detail::capture_site(where)});
  return true;
}

void CheckedMutex::unlock() {
  detail::HeldLocks::of_this_thread().remove(id_);
  mutex_.unlock();
}

}  // namespace conclab
