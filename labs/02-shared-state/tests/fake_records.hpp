/// @file fake_records.hpp
/// @brief Satellite records made up on the spot, for tests that need many of them fast and no
/// network at all.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "satellite.hpp"
#include "satellite_table.hpp"

namespace lab02 {

/// GoogleTest prints a satellite in a failed assertion as its fields, not as raw bytes.
inline void PrintTo(const SatelliteInfo& satellite, std::ostream* out) {
  *out << "{" << satellite.object_name << ", launched " << satellite.launch_date << ", "
       << (satellite.decay_date ? "decayed " + *satellite.decay_date : std::string("in orbit"))
       << "}";
}

}  // namespace lab02

namespace lab02::testing {

/// `count` distinct ids, shaped like the server's (24 hexadecimal digits).
inline std::vector<std::string> fake_ids(std::size_t count) {
  std::vector<std::string> ids;
  ids.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string digits = std::to_string(i);
    ids.push_back(std::string(24 - digits.size(), 'f') + digits);
  }
  return ids;
}

/// What fake_fetch() answers for `id`, once parsed. Ids whose last digit is even are still in
/// orbit; the others came down.
inline SatelliteInfo fake_info(const std::string& id) {
  const int last_digit = id.back() - '0';
  const bool decayed = last_digit % 2 == 1;
  return {.object_name = "STARLINK-" + id.substr(18),
          .launch_date = "2020-0" + std::to_string(1 + last_digit % 9) + "-15",
          .decay_date = decayed ? std::optional<std::string>("2023-06-30") : std::nullopt};
}

/// The JSON record the server would answer for fake_info(id).
inline std::string fake_record(const std::string& id) {
  const SatelliteInfo info = fake_info(id);
  const std::string decay = info.decay_date ? "\"" + *info.decay_date + "\"" : "null";
  return R"({"id":")" + id + R"(","version":"v1.0","spaceTrack":{"OBJECT_NAME":")" +
         info.object_name + R"(","LAUNCH_DATE":")" + info.launch_date + R"(","DECAY_DATE":)" +
         decay + "}}";
}

/// A fetch that answers fake_record(id) at once: the table's own locking is all that is left
/// to collide.
inline FetchRecord fake_fetch() {
  return [](const std::string& id) { return fake_record(id); };
}

}  // namespace lab02::testing
