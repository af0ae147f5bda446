/// @file satellite_table.hpp
/// @brief Task 1: a table of satellites that many threads fill at once, each doing its slow
/// fetch outside the lock.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "satellite.hpp"

namespace lab02 {

/// Fetches the JSON record of the satellite with the given id: the slow part, a network call
/// in the seeds. It is called from many threads at once, and may throw.
using FetchRecord = std::function<std::string(const std::string& id)>;

/// A table of satellites by id, filled by many threads at once: the C++ version of seed 001's
/// `sat_info_dict` and the `variable_lock` that guards it. Every member function may be called
/// from any thread at any time.
class SatelliteTable {
 public:
  /// Fetches the record of every id in `ids` with `fetch`, on `threads` threads at once (with
  /// parallel_for_each), reads each with parse_satellite() and records it under its id.
  ///
  /// The fetches overlap: no lock is held while `fetch` runs, or while a record is parsed, only
  /// while the table changes. An id listed twice is recorded once. If a fetch or a parse throws,
  /// the other ids are still recorded, and then the first error is thrown.
  void fill(std::span<const std::string> ids, std::size_t threads, const FetchRecord& fetch);

  /// The satellite recorded under `id`, or nothing.
  [[nodiscard]] std::optional<SatelliteInfo> find(const std::string& id) const;

  /// How many satellites are recorded.
  [[nodiscard]] std::size_t size() const;

  /// A copy of every entry, by id.
  [[nodiscard]] std::map<std::string, SatelliteInfo> entries() const;

 private:
  mutable std::mutex mutex_;  ///< Guards entries_; never held during a fetch.
  std::map<std::string, SatelliteInfo> entries_;
};

}  // namespace lab02
