#include "counters.hpp"

#include <atomic>
#include <mutex>

#include "threads.hpp"

namespace lab01 {

long count_hits_with_mutex(std::span<const int> values, std::size_t threads) {
  long total = 0;
  run_threads(threads, [&](std::size_t index) {
    for (const int value : slice_for(values, threads, index)) {
      if (is_hit(value)) {
        ++total;  // BROKEN: two threads can read the same old value; one increment is lost
      }
    }
  });
  return total;
}

long count_hits_with_atomic(std::span<const int> values, std::size_t threads) {
  std::atomic<long> total = 0;
  run_threads(threads, [&](std::size_t index) {
    for (const int value : slice_for(values, threads, index)) {
      if (is_hit(value)) {
        // Only the count matters, not its order against other memory: relaxed is enough,
        // and run_threads' join makes the final value visible to us.
        total.fetch_add(1, std::memory_order_relaxed);
      }
    }
  });
  return total.load();
}

long count_hits_with_partials(std::span<const int> values, std::size_t threads) {
  std::atomic<long> total = 0;
  run_threads(threads, [&](std::size_t index) {
    long mine = 0;  // private to this thread: no sharing, no waiting
    for (const int value : slice_for(values, threads, index)) {
      if (is_hit(value)) {
        ++mine;
      }
    }
    total.fetch_add(mine, std::memory_order_relaxed);  // one shared write per thread
  });
  return total.load();
}

}  // namespace lab01
