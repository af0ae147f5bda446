/// @file hit_data.hpp
/// @brief Test data for the counters, with known numbers of hits.
#pragma once

#include <cstddef>
#include <vector>

namespace lab01::testing {

/// 0, 1, 2, ..., count - 1: every third value is a hit.
inline std::vector<int> consecutive_values(std::size_t count) {
  std::vector<int> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    values[i] = static_cast<int>(i);
  }
  return values;
}

/// The hits among 0, 1, ..., count - 1: 0, 3, 6, ...
constexpr long hits_in_consecutive(std::size_t count) {
  return static_cast<long>((count + 2) / 3);
}

}  // namespace lab01::testing
