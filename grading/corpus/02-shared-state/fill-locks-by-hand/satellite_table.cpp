#include "satellite_table.hpp"

#include <utility>

#include "parallel_for_each.hpp"

namespace lab02 {

void SatelliteTable::fill(std::span<const std::string> ids, std::size_t threads,
                          const FetchRecord& fetch) {
  parallel_for_each(ids, threads, [&](const std::string& id) {
    std::string record = fetch(id);
    // BROKEN on purpose: the mutex is locked and unlocked by hand, and the record is parsed in
    // between. When parse_satellite() throws, unlock() is skipped: the mutex stays locked for
    // good and every other thread waits for it forever.
    mutex_.lock();
    entries_.try_emplace(id, parse_satellite(record));
    mutex_.unlock();
  });
}

std::optional<SatelliteInfo> SatelliteTable::find(const std::string& id) const {
  const std::scoped_lock lock(mutex_);
  const auto found = entries_.find(id);
  if (found == entries_.end()) {
    return std::nullopt;
  }
  return found->second;
}

std::size_t SatelliteTable::size() const {
  const std::scoped_lock lock(mutex_);
  return entries_.size();
}

std::map<std::string, SatelliteInfo> SatelliteTable::entries() const {
  const std::scoped_lock lock(mutex_);
  return entries_;
}

}  // namespace lab02
