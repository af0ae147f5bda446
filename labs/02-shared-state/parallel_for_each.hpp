/// @file parallel_for_each.hpp
/// @brief Hands a list of items out to a group of threads (given: lab 01 taught the threads).
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>

namespace lab02 {

/// Calls `body(item)` once for every item of `items`, on `threads` threads at once, and
/// returns when every call has finished.
///
/// Each thread repeatedly takes the next item that no thread has taken yet, so the items are
/// shared out as threads become free, as a pool's `map` does in the seeds. A thread that finds
/// no item left ends without calling `body` at all. `body` runs on the new threads only, never
/// on the caller's.
///
/// If `body` throws, its thread goes on with the next items; once every thread has finished,
/// the first exception thrown is thrown again to the caller.
/// @throws std::invalid_argument when `threads` is 0.
void parallel_for_each(std::span<const std::string> items, std::size_t threads,
                       const std::function<void(const std::string&)>& body);

}  // namespace lab02
