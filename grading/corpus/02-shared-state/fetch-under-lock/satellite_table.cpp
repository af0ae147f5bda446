#include "satellite_table.hpp"

#include <utility>

#include "parallel_for_each.hpp"

namespace lab02 {

void SatelliteTable::fill(std::span<const std::string> ids, std::size_t threads,
                          const FetchRecord& fetch) {
  parallel_for_each(ids, threads, [&](const std::string& id) {
    // BROKEN on purpose: the lock is taken before the fetch, so it is held for the whole slow
    // call and the threads fetch one at a time, as if there were only one.
    const std::scoped_lock lock(mutex_);
    SatelliteInfo info = parse_satellite(fetch(id));
    entries_.try_emplace(id, std::move(info));
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
