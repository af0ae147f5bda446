/// @file pi_mpi.hpp
/// @brief Monte Carlo pi over MPI ranks: the same points, and so the same hits, on any number
/// of ranks.
#pragma once

#include <mpi.h>

#include <cstdint>

#include "rng.hpp"

namespace lab12 {

/// Samples per block: block b covers samples [b * kPiBlockSize, (b + 1) * kPiBlockSize), the
/// last block fewer.
inline constexpr std::uint64_t kPiBlockSize = 1U << 16U;

/// Given: how many of the `count` points of block `block` fall in the quarter disc. The points
/// come from the block's own stream, Xoshiro256ss::stream(seed, block), x then y.
inline std::uint64_t hits_in_block(std::uint64_t seed, std::uint64_t block, std::uint64_t count) {
  Xoshiro256ss generator = Xoshiro256ss::stream(seed, block);
  std::uint64_t hits = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    const double x = generator.next_double();
    const double y = generator.next_double();
    hits += (x * x + y * y <= 1.0) ? 1 : 0;
  }
  return hits;
}

/// TODO(task 6): the hits among `samples` points of the family `seed`, the blocks shared out
/// among the ranks of `comm`. Collective: every rank calls it; the total is returned on rank 0
/// (what other ranks get back is unspecified).
std::uint64_t count_hits(std::uint64_t samples, std::uint64_t seed, MPI_Comm comm);

}  // namespace lab12
