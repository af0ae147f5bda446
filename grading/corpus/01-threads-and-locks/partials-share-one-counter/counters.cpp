#include "counters.hpp"

#include <atomic>
#include <mutex>

#include "threads.hpp"

namespace lab01 {

long count_hits_with_mutex(std::span<const int> values, std::size_t threads) {
  long total = 0;
  std::mutex total_mutex;
  run_threads(threads, [&](std::size_t index) {
    for (const int value : slice_for(values, threads, index)) {
      if (is_hit(value)) {
        const std::scoped_lock lock(total_mutex);
        ++total;
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
    // BROKEN: no partial count; every hit is a write to the one shared counter, so the
    // threads fight over its cache line and run no faster than one thread.
    for (const int value : slice_for(values, threads, index)) {
      if (is_hit(value)) {
        total.fetch_add(1, std::memory_order_relaxed);
      }
    }
  });
  return total.load();
}

}  // namespace lab01
