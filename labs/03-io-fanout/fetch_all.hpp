/// @file fetch_all.hpp
/// @brief Tasks 2 and 3: fetch many paths, one after another or with a pool of threads.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fetch_options.hpp"
#include "fetch_outcome.hpp"

namespace lab03 {

/// Fetches every path of `paths`, one after another, on the calling thread, with one client
/// (the seed's plain `for` loop).
/// @return one outcome per path, in the order of `paths`; a failed request is an outcome too.
std::vector<FetchOutcome> fetch_all_sequential(const std::string& base_url,
                                               const std::vector<std::string>& paths,
                                               const FetchOptions& options = {});

/// Fetches every path of `paths` with a pool of `threads` worker threads, each with a client of
/// its own, each taking the next path nobody has taken yet until none are left. At most
/// `threads` requests are under way at any moment (fewer workers when there are fewer paths).
///
/// Returns only when every worker has finished, so every request is over by then.
/// @return one outcome per path, in the order of `paths` (the same as fetch_all_sequential()
///         gives when the server answers the same), whichever thread fetched it and whenever
///         it finished.
/// @pre `threads >= 1`.
std::vector<FetchOutcome> fetch_all(const std::string& base_url,
                                    const std::vector<std::string>& paths, std::size_t threads,
                                    const FetchOptions& options = {});

/// fetch_all_sequential() when `threads` is 0 or 1, fetch_all() otherwise: how the seed
/// examples below choose between their two versions.
inline std::vector<FetchOutcome> fetch_paths(const std::string& base_url,
                                             const std::vector<std::string>& paths,
                                             std::size_t threads,
                                             const FetchOptions& options = {}) {
  return threads <= 1 ? fetch_all_sequential(base_url, paths, options)
                      : fetch_all(base_url, paths, threads, options);
}

}  // namespace lab03
