/// @file records.hpp
/// @brief The API's paths, and the fields the seed examples keep from its records.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lab03 {

/// "/whitelabels": the list of whitelabels, `[{"whitelabelid":1,"company":"..."}, ...]`.
inline constexpr const char* kWhitelabelsPath = "/whitelabels";

/// "/whitelabels/{id}/connections": the connections of one whitelabel, a JSON array.
std::string connections_path(int whitelabel_id);

/// "/starlink?limit={count}": the ids of the first `count` satellites, a JSON array.
std::string starlink_ids_path(std::size_t count);

/// "/starlink/{id}": one satellite's record.
std::string satellite_path(const std::string& satellite_id);

/// The `whitelabelid` of every entry of a `/whitelabels` answer, in order.
/// Throws nlohmann::json::exception when `whitelabels` does not have that shape.
std::vector<int> whitelabel_ids(const nlohmann::json& whitelabels);

/// The ids of a `/starlink` answer (an array of strings), in order.
/// Throws nlohmann::json::exception when `ids` does not have that shape.
std::vector<std::string> satellite_ids(const nlohmann::json& ids);

/// What seed 001 keeps of a satellite: three fields of its `spaceTrack`.
struct SatInfo {
  std::string object_name;                ///< "STARLINK-1042".
  std::string launch_date;                ///< "YYYY-MM-DD".
  std::optional<std::string> decay_date;  ///< "YYYY-MM-DD", or nothing while still in orbit.

  /// Equal when every field is.
  friend bool operator==(const SatInfo&, const SatInfo&) = default;
};

/// The SatInfo of a `/starlink/{id}` record.
/// Throws nlohmann::json::exception when `record` does not have that shape.
SatInfo sat_info_from(const nlohmann::json& record);

}  // namespace lab03
