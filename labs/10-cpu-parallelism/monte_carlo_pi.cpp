#include "monte_carlo_pi.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "rng.hpp"

namespace lab10 {

std::uint64_t hits_in_block(std::uint64_t seed, std::uint64_t block, std::uint64_t count) {
  // TODO(task 1): make a generator for this block only, Xoshiro256ss::stream(seed, block), and
  // draw `count` points from it: x = next_double(), then y = next_double(). Count the points
  // with x*x + y*y <= 1. (No square root needed: compare the squares.)
  (void)seed;
  (void)block;
  (void)count;
  throw std::logic_error("TODO: hits_in_block");
}

PiResult estimate_pi(std::uint64_t samples, std::uint64_t seed, unsigned threads) {
  // TODO(task 2): cut the samples into blocks of kPiBlockSize (the last block takes what is
  // left) and let `threads` threads take blocks until none is left (a std::atomic counter of
  // the next block, claimed with fetch_add). Each thread adds its blocks' hits_in_block() into
  // a local variable, and adds that to the shared total once, at the end. Start every thread
  // before joining any (std::vector<std::jthread>).
  (void)samples;
  (void)seed;
  (void)threads;
  throw std::logic_error("TODO: estimate_pi");
}

}  // namespace lab10
