#include "monte_carlo_pi.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "rng.hpp"

namespace lab10 {

std::uint64_t hits_in_block(std::uint64_t seed, std::uint64_t block, std::uint64_t count) {
  // A generator of the block's own: local to this call, so no thread shares it.
  Xoshiro256ss generator = Xoshiro256ss::stream(seed, block);
  std::uint64_t hits = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    const double x = generator.next_double();
    const double y = generator.next_double();
    hits += (x * x + y * y <= 1.0) ? 1 : 0;
  }
  return hits;
}

PiResult estimate_pi(std::uint64_t samples, std::uint64_t seed, unsigned threads) {
  threads = std::max(threads, 1U);
  const std::uint64_t blocks = (samples + kPiBlockSize - 1) / kPiBlockSize;
  std::atomic<std::uint64_t> next_block{0};
  std::atomic<std::uint64_t> total_hits{0};

  auto worker = [&] {
    std::uint64_t hits = 0;  // counted locally: the shared total is touched once per thread
    for (std::uint64_t block = next_block.fetch_add(1); block < blocks;
         block = next_block.fetch_add(1)) {
      const std::uint64_t first = block * kPiBlockSize;
      hits += hits_in_block(seed, block, std::min(kPiBlockSize, samples - first));
    }
    total_hits.fetch_add(hits);
  };
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) {
      pool.emplace_back(worker);
    }
    worker();  // the calling thread works too
  }            // every jthread joins here, before the total is read
  return {samples, total_hits.load()};
}

}  // namespace lab10
