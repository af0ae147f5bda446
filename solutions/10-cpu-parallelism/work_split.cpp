#include "work_split.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace lab10 {

namespace {

/// The terms of [first, last): their sum and their cost, added to a thread's own tallies.
void add_range(std::uint64_t first, std::uint64_t last, TermFunction term, std::uint64_t& sum,
               std::uint64_t& cost) {
  for (std::uint64_t i = first; i < last; ++i) {
    const Term t = term(i);
    sum += t.value;
    cost += t.cost;
  }
}

}  // namespace

SplitSum split_sum(std::uint64_t begin, std::uint64_t end, TermFunction term, unsigned threads,
                   Schedule schedule, std::uint64_t chunk_size) {
  threads = std::max(threads, 1U);
  chunk_size = std::max<std::uint64_t>(chunk_size, 1);
  end = std::max(begin, end);
  const std::uint64_t length = end - begin;

  SplitSum result;
  result.cost_per_thread.assign(threads, 0);
  result.chunks_per_thread.assign(threads, 0);
  std::atomic<std::uint64_t> total{0};
  std::atomic<std::uint64_t> next_chunk{0};
  const std::uint64_t chunks = (length + chunk_size - 1) / chunk_size;

  // Each thread writes only its own element of the report vectors (distinct objects: no race)
  // and its own local sum; the shared total is touched once per thread.
  auto worker = [&](unsigned index) {
    std::uint64_t sum = 0;
    std::uint64_t cost = 0;
    std::uint64_t taken = 0;
    if (schedule == Schedule::kStaticSlices) {
      // Slice i is [begin + length*i/threads, begin + length*(i+1)/threads): the slices cover
      // the range exactly, remainder included, and differ in length by at most one.
      const std::uint64_t first = begin + length * index / threads;
      const std::uint64_t last = begin + length * (index + 1) / threads;
      add_range(first, last, term, sum, cost);
      taken = 1;
    } else {
      // fetch_add claims a chunk in one indivisible step: no two threads get the same one.
      for (std::uint64_t chunk = next_chunk.fetch_add(1); chunk < chunks;
           chunk = next_chunk.fetch_add(1)) {
        const std::uint64_t first = begin + chunk * chunk_size;
        add_range(first, std::min(first + chunk_size, end), term, sum, cost);
        ++taken;
      }
    }
    total.fetch_add(sum);
    result.cost_per_thread[index] = cost;
    result.chunks_per_thread[index] = taken;
  };
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back(worker, t);
    }
  }  // joined: every thread's writes are visible from here on
  result.sum = total.load();
  return result;
}

}  // namespace lab10
