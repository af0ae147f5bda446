/// @file random_streams.hpp
/// @brief Small, fast random number generators for parallel Monte Carlo: SplitMix64 to seed,
/// xoshiro256** to draw, and independent numbered streams (one per block of samples). Labs 10
/// and 12 give them to students (their rng.hpp); the same streams make the same points on
/// threads and on MPI ranks.
#pragma once

#include <array>
#include <cstdint>

namespace conclab {

/// SplitMix64 (Steele, Lea and Flood): a 64-bit counter passed through a strong mixer. Used
/// here only to turn a seed into a generator's state, never to draw samples.
class SplitMix64 {
 public:
  /// A sequence starting from `seed`.
  explicit constexpr SplitMix64(std::uint64_t seed) : state_(seed) {}

  /// The next 64 random bits.
  constexpr std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return mix(state_);
  }

  /// The mixer alone: a bijection of 64-bit values whose outputs look unrelated even for
  /// neighbouring inputs.
  static constexpr std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }

 private:
  std::uint64_t state_;
};

/// xoshiro256** (Blackman and Vigna): 256 bits of state, fast, and good enough for any
/// simulation. NOT thread-safe: every call changes the state, so one generator belongs to one
/// thread at a time.
class Xoshiro256ss {
 public:
  /// A generator whose state comes from SplitMix64(seed).
  explicit constexpr Xoshiro256ss(std::uint64_t seed) {
    SplitMix64 seeder(seed);
    for (std::uint64_t& word : state_) {
      word = seeder.next();
    }
  }

  /// Stream number `stream` of the family `seed`: a generator whose state depends on both, so
  /// that streams 0, 1, 2, ... of one seed are unrelated to each other and to another seed's.
  /// Block b of a Monte Carlo run draws from stream(seed, b), whichever thread runs it.
  static constexpr Xoshiro256ss stream(std::uint64_t seed, std::uint64_t stream) {
    return Xoshiro256ss(SplitMix64::mix(seed) ^ SplitMix64::mix(stream + 0x632BE59BD9B4E019ULL));
  }

  /// The next 64 random bits.
  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17U;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// A double uniform in [0, 1): the top 53 bits of next(), scaled.
  constexpr double next_double() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
  }

  std::array<std::uint64_t, 4> state_{};
};

}  // namespace conclab
