// The checked mutexes the calling thread holds, and the thread's number in reports.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "acquisition_site.hpp"

namespace conclab::lock_order_detail {

/// A checked mutex a thread holds.
struct HeldLock {
  std::uint64_t mutex = 0;            ///< The mutex's id.
  const std::string* name = nullptr;  ///< Its name, owned by the mutex, which outlives the hold.
  AcquisitionSite site;               ///< Where the thread took it.
};

/// The checked mutexes one thread holds, in the order it took them. Only that thread uses it,
/// so it needs no lock.
class HeldLocks {
 public:
  /// The calling thread's.
  static HeldLocks& of_this_thread();

  /// The thread's number in reports: 1 for the first thread that takes a checked mutex, 2 for
  /// the next...
  [[nodiscard]] int thread_number() const noexcept { return thread_number_; }
  /// Every held mutex, the earliest taken first.
  [[nodiscard]] std::span<const HeldLock> all() const noexcept { return held_; }
  /// The hold of mutex `id`, or nullptr when the thread does not hold it.
  [[nodiscard]] const HeldLock* find(std::uint64_t id) const noexcept;

  /// Notes that the thread now holds `lock`.
  void add(HeldLock lock) { held_.push_back(lock); }
  /// Notes that the thread released mutex `id`, whichever order it releases its mutexes in.
  void remove(std::uint64_t id) noexcept;

 private:
  HeldLocks();

  int thread_number_;
  std::vector<HeldLock> held_;
};

}  // namespace conclab::lock_order_detail
