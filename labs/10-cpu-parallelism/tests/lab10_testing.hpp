// What the lab 10 tests share: GoogleTest printers and the tests' own sequential answers,
// computed here without any of the student's code.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <ostream>
#include <vector>

#include "amdahl.hpp"
#include "monte_carlo_pi.hpp"
#include "rng.hpp"
#include "work_split.hpp"

namespace lab10 {

inline std::ostream& operator<<(std::ostream& out, const PiResult& result) {
  return out << result.hits << " hits of " << result.samples << " (pi ~ " << result.estimate()
             << ")";
}

inline void PrintTo(const PiResult& result, std::ostream* out) {
  *out << result;
}

inline std::ostream& operator<<(std::ostream& out, const SplitSum& split) {
  out << "sum " << split.sum << ", cost per thread {";
  for (std::size_t i = 0; i < split.cost_per_thread.size(); ++i) {
    out << (i == 0 ? "" : ", ") << split.cost_per_thread[i];
  }
  out << "}, chunks per thread {";
  for (std::size_t i = 0; i < split.chunks_per_thread.size(); ++i) {
    out << (i == 0 ? "" : ", ") << split.chunks_per_thread[i];
  }
  return out << "}";
}

inline void PrintTo(const SplitSum& split, std::ostream* out) {
  *out << split;
}

namespace testing {

/// The hits of block `block`, counted here from the block's own stream.
inline std::uint64_t reference_block_hits(std::uint64_t seed, std::uint64_t block,
                                          std::uint64_t count) {
  Xoshiro256ss generator = Xoshiro256ss::stream(seed, block);
  std::uint64_t hits = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    const double x = generator.next_double();
    const double y = generator.next_double();
    hits += (x * x + y * y <= 1.0) ? 1 : 0;
  }
  return hits;
}

/// What estimate_pi(samples, seed, any threads) must return: every block, one after another.
inline PiResult reference_pi(std::uint64_t samples, std::uint64_t seed) {
  PiResult result{samples, 0};
  for (std::uint64_t first = 0, block = 0; first < samples; first += kPiBlockSize, ++block) {
    result.hits += reference_block_hits(seed, block, std::min(kPiBlockSize, samples - first));
  }
  return result;
}

/// One sigma of a pi estimate from `samples` points: 4 * sqrt(p (1 - p) / N), p = pi / 4.
inline double pi_sigma(std::uint64_t samples) {
  constexpr double p = std::numbers::pi / 4;
  return 4 * std::sqrt(p * (1 - p) / static_cast<double>(samples));
}

/// The sum and the total cost of term(i) for i in [begin, end), in one loop.
inline Term reference_sum(std::uint64_t begin, std::uint64_t end, TermFunction term) {
  Term total;
  for (std::uint64_t i = begin; i < end; ++i) {
    const Term t = term(i);
    total.value += t.value;
    total.cost += t.cost;
  }
  return total;
}

/// The sum of i * i for i below n, in closed form: (n - 1) n (2n - 1) / 6, divided as it goes
/// so that nothing overflows below n = 3 million.
inline std::uint64_t squares_below(std::uint64_t n) {
  if (n == 0) {
    return 0;
  }
  const std::uint64_t half = (n - 1) * n / 2;  // one of n - 1 and n is even
  // 3 divides n or n - 1 (then half), or else n = 2 mod 3 and it divides 2n - 1.
  return half % 3 == 0 ? half / 3 * (2 * n - 1) : half * ((2 * n - 1) / 3);
}

/// Largest over smallest of the per-thread costs (infinite when a thread did nothing).
inline double imbalance(const std::vector<std::uint64_t>& costs) {
  const auto [low, high] = std::minmax_element(costs.begin(), costs.end());
  if (*low == 0) {
    return std::numeric_limits<double>::infinity();
  }
  return static_cast<double>(*high) / static_cast<double>(*low);
}

inline std::uint64_t total_of(const std::vector<std::uint64_t>& values) {
  std::uint64_t total = 0;
  for (const std::uint64_t value : values) {
    total += value;
  }
  return total;
}

}  // namespace testing
}  // namespace lab10
