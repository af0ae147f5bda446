/// @file rng.hpp
/// @brief Small, fast random number generators for parallel Monte Carlo: SplitMix64 to seed,
/// xoshiro256** to draw, and independent numbered streams (one per block of samples), from
/// conclab/random_streams.hpp.
///
/// Given code: you use it, you do not change it.
#pragma once

#include "conclab/random_streams.hpp"

namespace lab10 {

using conclab::SplitMix64;
using conclab::Xoshiro256ss;

}  // namespace lab10
