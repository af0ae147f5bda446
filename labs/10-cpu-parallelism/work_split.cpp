#include "work_split.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace lab10 {

SplitSum split_sum(std::uint64_t begin, std::uint64_t end, TermFunction term, unsigned threads,
                   Schedule schedule, std::uint64_t chunk_size) {
  // TODO(task 3): start `threads` threads (at least 1) that add up term(i).value for i in
  // [begin, end), each into local variables (its sum, its cost, how many slices or chunks it
  // took), then publish them once: the sum into a std::atomic total, the cost and the count
  // into cost_per_thread[i] and chunks_per_thread[i] (its own elements, sized before the
  // threads start).
  //  - kStaticSlices: thread i takes [begin + len*i/threads, begin + len*(i+1)/threads).
  //  - kDynamicChunks: threads claim chunk numbers with fetch_add on a std::atomic counter;
  //    chunk c is [begin + c*chunk_size, min(that + chunk_size, end)).
  (void)begin;
  (void)end;
  (void)term;
  (void)threads;
  (void)schedule;
  (void)chunk_size;
  throw std::logic_error("TODO: split_sum");
}

}  // namespace lab10
