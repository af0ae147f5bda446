/// @file work_split.hpp
/// @brief Sums over a range of integers split across threads, two ways: equal static slices,
/// or small chunks that threads take from a shared counter until none is left. Each thread
/// reports how much work it did, so you can see why equal slices are not equal work.
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

namespace lab10 {

/// What one term of a sum adds, and what computing it cost (a count of basic steps, such as
/// trial divisions: a measure of work that does not depend on the machine or on timing).
struct Term {
  std::uint64_t value = 0;  ///< Added to the sum.
  std::uint64_t cost = 0;   ///< Work done to compute it.
};

/// A term of a sum: a plain function, so that calling it costs little.
using TermFunction = Term (*)(std::uint64_t);

/// How split_sum shares the range between its threads.
enum class Schedule {
  kStaticSlices,   ///< Thread i gets the i-th of `threads` consecutive slices of equal length.
  kDynamicChunks,  ///< Threads take chunks of chunk_size from a shared atomic counter.
};

/// The schedule's name, for messages.
constexpr std::string_view to_string(Schedule schedule) {
  return schedule == Schedule::kStaticSlices ? "static slices" : "dynamic chunks";
}

/// GoogleTest and messages print the name, not a number.
inline void PrintTo(Schedule schedule, std::ostream* out) {
  *out << to_string(schedule);
}

/// The answer of split_sum and who did what.
struct SplitSum {
  std::uint64_t sum = 0;  ///< The sum of every term's value.
  /// Summed cost of the terms each thread computed (index: thread).
  std::vector<std::uint64_t> cost_per_thread;
  /// Slices or chunks each thread took (a static slice counts as one, even an empty one).
  std::vector<std::uint64_t> chunks_per_thread;
};

/// The sum of term(i).value for i in [begin, end), computed by `threads` threads (0 is taken
/// as 1) under `schedule`; chunk_size (at least 1) is used by kDynamicChunks only. The sum is
/// exact (it wraps modulo 2^64 like any uint64_t sum) and the same for every thread count and
/// schedule. Safe to call from several threads at once.
SplitSum split_sum(std::uint64_t begin, std::uint64_t end, TermFunction term, unsigned threads,
                   Schedule schedule, std::uint64_t chunk_size = 1000);

/// `n` if it is prime (else 0), and the trial divisions it took to decide: 2, then odd
/// divisors 3, 5, 7, ... while divisor * divisor <= n. Seed 003's is_prime, in other words.
constexpr Term prime_term(std::uint64_t n) {
  if (n < 2) {
    return {0, 0};
  }
  std::uint64_t cost = 1;
  if (n % 2 == 0) {
    return {n == 2 ? n : 0, cost};
  }
  for (std::uint64_t divisor = 3; divisor * divisor <= n; divisor += 2) {
    ++cost;
    if (n % divisor == 0) {
      return {0, cost};
    }
  }
  return {n, cost};
}

/// n * n, at a cost of 1: seed 004's sum of squares (below about 3 million the sum fits in 64
/// bits).
constexpr Term square_term(std::uint64_t n) {
  return {n * n, 1};
}

/// The sum of the primes below n (seed 003's sum_prime), split as split_sum splits it.
inline SplitSum sum_of_primes_below(std::uint64_t n, unsigned threads, Schedule schedule,
                                    std::uint64_t chunk_size = 1000) {
  return split_sum(0, n, prime_term, threads, schedule, chunk_size);
}

/// The sum of i * i for i below n (seed 004's sum of squares), split as split_sum splits it.
inline SplitSum sum_of_squares_below(std::uint64_t n, unsigned threads, Schedule schedule,
                                     std::uint64_t chunk_size = 1000) {
  return split_sum(0, n, square_term, threads, schedule, chunk_size);
}

}  // namespace lab10
