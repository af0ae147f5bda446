/// @file satellite.hpp
/// @brief What the lab keeps of a Starlink satellite, and how to read it from the server's JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab02 {

/// The three fields of a satellite record that seed 001 kept in its dictionary.
struct SatelliteInfo {
  std::string object_name;                ///< "STARLINK-1042".
  std::string launch_date;                ///< "YYYY-MM-DD".
  std::optional<std::string> decay_date;  ///< When it came down; nothing while still in orbit.

  /// Equal when all three fields are.
  friend bool operator==(const SatelliteInfo&, const SatelliteInfo&) = default;
};

/// The path of satellite `id`'s record on the API server: "/starlink/" followed by the id.
std::string satellite_path(std::string_view id);

/// Reads a satellite record as the server's `/starlink/{id}` answers it (the fields are under
/// `spaceTrack`).
/// @throws std::invalid_argument when `json_text` is not JSON or lacks one of the fields.
SatelliteInfo parse_satellite(std::string_view json_text);

/// Reads the list of satellite ids that the server's `/starlink` answers.
/// @throws std::invalid_argument when `json_text` is not a JSON array of strings.
std::vector<std::string> parse_satellite_ids(std::string_view json_text);

}  // namespace lab02
