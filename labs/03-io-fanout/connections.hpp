/// @file connections.hpp
/// @brief Task 4: seed 000's example, every whitelabel's connections merged into one list.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fetch_options.hpp"
#include "fetch_outcome.hpp"

namespace lab03 {

/// The connections of every whitelabel, and what could not be fetched.
struct ConnectionList {
  /// Every connection fetched, as the server sent it: whitelabel by whitelabel, in the order
  /// of the `/whitelabels` list, each whitelabel's in the order of its answer.
  std::vector<nlohmann::json> connections;
  /// Each request that failed, with its cause, in the order the requests were listed.
  std::vector<FetchOutcome> failures;
};

/// Fetches `/whitelabels`, then the connections of each whitelabel (connections_path()), with
/// `threads` threads (1: one after another, see fetch_paths()), and merges them into one list.
///
/// A whitelabel whose request fails is left out of `connections` and listed in `failures`;
/// every other whitelabel's connections are still there. If `/whitelabels` itself fails, it
/// is the one failure and `connections` is empty. Never throws for a failed request.
ConnectionList fetch_connections(const std::string& base_url, std::size_t threads,
                                 const FetchOptions& options = {});

}  // namespace lab03
