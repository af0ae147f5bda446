// Random numbers that are the same on every compiler and machine for the same seed.
// (std::uniform_int_distribution is not: each standard library draws differently.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace conclab::server {

/// Scrambles `value` into a well-spread 64-bit number (the SplitMix64 finaliser).
constexpr std::uint64_t mix64(std::uint64_t value) {
  value ^= value >> 30U;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27U;
  value *= 0x94d049bb133111ebULL;
  value ^= value >> 31U;
  return value;
}

/// A 64-bit hash of `text` (FNV-1a), the same everywhere.
constexpr std::uint64_t hash_text(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

/// A SplitMix64 generator: small, fast and good enough for test data.
class SeededRandom {
 public:
  explicit constexpr SeededRandom(std::uint64_t seed) : state_(seed) {}

  /// The next number of the sequence.
  constexpr std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }

  /// A number from 0 to bound - 1 (bound > 0); the slight modulo bias does not matter here.
  constexpr std::uint64_t below(std::uint64_t bound) { return next() % bound; }

  /// A number from `low` to `high`, both included.
  constexpr int between(int low, int high) {
    return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low) + 1));
  }

  /// True with probability `percent` / 100.
  constexpr bool chance(int percent) { return between(1, 100) <= percent; }

  /// One of `choices` (an array or vector, not empty).
  template <typename Choices>
  constexpr const auto& pick(const Choices& choices) {
    return choices[below(choices.size())];
  }

 private:
  std::uint64_t state_;
};

/// Puts `items` in a random order (Fisher-Yates), the same for the same generator state.
template <typename T>
constexpr void shuffle(std::vector<T>& items, SeededRandom& random) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[random.below(i)]);
  }
}

}  // namespace conclab::server
