/// @file counters.hpp
/// @brief Task 4: count the hits in a vector with several threads, three ways.
#pragma once

#include <cstddef>
#include <span>

namespace lab01 {

/// A value is a hit when it is a multiple of three. The test is cheap on purpose: what the
/// three counters below cost is the cost of the shared counter, not of the test.
constexpr bool is_hit(int value) noexcept {
  return value % 3 == 0;
}

/// The part of `values` that thread `index` of `threads` should scan: contiguous slices of
/// near-equal length that together cover `values` exactly once.
/// @pre `threads > 0` and `index < threads`.
constexpr std::span<const int> slice_for(std::span<const int> values, std::size_t threads,
                                         std::size_t index) noexcept {
  const std::size_t begin = values.size() * index / threads;
  const std::size_t end = values.size() * (index + 1) / threads;
  return values.subspan(begin, end - begin);
}

/// Counts the hits in `values` with `threads` threads that all add to one shared counter,
/// which a mutex protects.
long count_hits_with_mutex(std::span<const int> values, std::size_t threads);

/// As count_hits_with_mutex(), but the shared counter is a `std::atomic`.
long count_hits_with_atomic(std::span<const int> values, std::size_t threads);

/// Counts the hits with `threads` threads that each count their own slice privately and
/// combine their partial counts once, at the end. This is the version that scales.
long count_hits_with_partials(std::span<const int> values, std::size_t threads);

}  // namespace lab01
