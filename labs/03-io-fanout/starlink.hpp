/// @file starlink.hpp
/// @brief Task 5: seed 001's example, one request per Starlink satellite.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "fetch_options.hpp"
#include "fetch_outcome.hpp"
#include "records.hpp"

namespace lab03 {

/// What was fetched about the satellites, and what could not be.
struct SatelliteTable {
  /// By satellite id: the seed's `sat_info_dict`.
  std::map<std::string, SatInfo> sat_info;
  /// Each request that failed, with its cause, in the order the requests were listed.
  std::vector<FetchOutcome> failures;
};

/// Fetches the ids of the first `count` satellites (starlink_ids_path()), then each one's
/// record (satellite_path()), with `threads` threads (1: one after another, see fetch_paths()),
/// and keeps each record's SatInfo.
///
/// A satellite whose request fails is left out of `sat_info` and listed in `failures`; if the
/// list of ids itself fails, it is the one failure and `sat_info` is empty. Never throws for a
/// failed request.
SatelliteTable fetch_satellites(const std::string& base_url, std::size_t count, std::size_t threads,
                                const FetchOptions& options = {});

}  // namespace lab03
