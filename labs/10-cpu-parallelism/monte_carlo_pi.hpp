/// @file monte_carlo_pi.hpp
/// @brief Seed 003's Monte Carlo estimate of pi, on threads, with the same answer for any
/// number of threads.
///
/// The samples are cut into blocks of kPiBlockSize (the last one may be shorter). Block b draws
/// its points from Xoshiro256ss::stream(seed, b), so which thread runs a block changes nothing:
/// the count of hits depends only on (samples, seed).
#pragma once

#include <cstdint>

namespace lab10 {

/// Samples per block: the unit of work a thread takes, and the unit of reproducibility.
inline constexpr std::uint64_t kPiBlockSize = 1U << 14U;

/// What a Monte Carlo run found.
struct PiResult {
  std::uint64_t samples = 0;  ///< Points drawn.
  std::uint64_t hits = 0;     ///< Points with x*x + y*y <= 1 (inside the quarter circle).

  /// 4 * hits / samples (0 for no samples).
  [[nodiscard]] double estimate() const {
    return samples == 0 ? 0.0 : 4.0 * static_cast<double>(hits) / static_cast<double>(samples);
  }
  friend bool operator==(const PiResult&, const PiResult&) = default;
};

/// The hits among `count` points of block `block` of the run seeded `seed`: points (x, y) with
/// x then y drawn by next_double() from Xoshiro256ss::stream(seed, block), a hit when
/// x*x + y*y <= 1.
std::uint64_t hits_in_block(std::uint64_t seed, std::uint64_t block, std::uint64_t count);

/// Estimates pi from `samples` points on `threads` threads (0 is taken as 1). The result is
/// the same, hit for hit, for every thread count. Safe to call from several threads at once.
PiResult estimate_pi(std::uint64_t samples, std::uint64_t seed, unsigned threads);

}  // namespace lab10
