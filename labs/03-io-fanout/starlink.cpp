#include "starlink.hpp"

#include "client.hpp"
#include "fetch_all.hpp"
#include "fetch_one.hpp"

namespace lab03 {

SatelliteTable fetch_satellites(const std::string& base_url, std::size_t count, std::size_t threads,
                                const FetchOptions& options) {
  // TODO(task 5): fetch starlink_ids_path(count), then satellite_path(id) for every id with
  // fetch_paths(..., threads, ...); keep sat_info_from() of each record under its id, and
  // every failed request in `failures`.
  static_cast<void>(base_url);
  static_cast<void>(count);
  static_cast<void>(threads);
  static_cast<void>(options);
  return {};
}

}  // namespace lab03
