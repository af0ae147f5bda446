/// @file thread_session.hpp
/// @brief Task 2: one Session per thread, with `thread_local`, and seed 004's download of many
/// pages through them.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "session.hpp"

namespace lab02 {

/// The calling thread's own Session: seed 004's `get_session()` with `threading.local()`.
///
/// The first call on a thread creates the session; every later call on that thread returns the
/// same one; it is destroyed when the thread ends. Each thread gets a session of its own, and a
/// thread that never calls this function never has one.
Session& this_threads_session();

/// Downloads every path of `paths` from the server at `base_url` on `threads` threads (with
/// parallel_for_each), each thread through its own session: seed 004's `download_all_sites`.
///
/// Returns the total size, in bytes, of the bodies downloaded. If a download fails, the others
/// still run, and then the first error is thrown.
std::size_t download_all_sites(const std::string& base_url, std::span<const std::string> paths,
                               std::size_t threads);

}  // namespace lab02
