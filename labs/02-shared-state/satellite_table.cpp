#include "satellite_table.hpp"

#include "parallel_for_each.hpp"

namespace lab02 {

void SatelliteTable::fill(std::span<const std::string> ids, std::size_t threads,
                          const FetchRecord& fetch) {
  // TODO(task 1): with parallel_for_each, each thread fetches a record and parses it, and only
  // then takes the lock, to add the entry. Nothing slow may happen while the lock is held.
  static_cast<void>(ids);
  static_cast<void>(threads);
  static_cast<void>(fetch);
}

std::optional<SatelliteInfo> SatelliteTable::find(const std::string& id) const {
  // TODO(task 1): look `id` up, under the lock.
  static_cast<void>(id);
  return std::nullopt;
}

std::size_t SatelliteTable::size() const {
  // TODO(task 1): under the lock.
  return 0;
}

std::map<std::string, SatelliteInfo> SatelliteTable::entries() const {
  // TODO(task 1): a copy, made under the lock.
  return {};
}

}  // namespace lab02
