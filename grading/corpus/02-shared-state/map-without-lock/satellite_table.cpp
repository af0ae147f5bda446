#include "satellite_table.hpp"

#include <utility>

#include "parallel_for_each.hpp"

namespace lab02 {

void SatelliteTable::fill(std::span<const std::string> ids, std::size_t threads,
                          const FetchRecord& fetch) {
  parallel_for_each(ids, threads, [&](const std::string& id) {
    SatelliteInfo info = parse_satellite(fetch(id));
    // BROKEN on purpose: the map is changed with no lock held, by several threads at once.
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
