// An atomicity bug built from atomics alone, on purpose: each thread increments a shared
// std::atomic with a load and then a store. Each step is atomic, the pair is not: an increment
// made by another thread between the two is overwritten. ThreadSanitizer reports nothing
// (atomics do not race), and chaos at locks never touches it (there is no lock).
//
// The program keeps itself on one CPU, as on a busy grading machine: the threads then take
// turns, and one is switched out between its load and its store only when its time slice ends
// right there, which plain runs practically never see. libconclab_atomic_chaos.so pauses
// threads right after atomic loads, where another thread then runs. Exit 1 when increments
// were lost.
#include <sched.h>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 4;
constexpr long kIncrements = 5'000;

/// Keeps this process (and the threads it starts later) on the first CPU it may use.
void stay_on_one_cpu() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) {
    return;
  }
  for (std::size_t cpu = 0; cpu < static_cast<std::size_t>(CPU_SETSIZE); ++cpu) {
    if (CPU_ISSET(cpu, &allowed)) {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      sched_setaffinity(0, sizeof one, &one);
      return;
    }
  }
}

}  // namespace

int main() {
  stay_on_one_cpu();
  std::atomic<long> count{0};
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&count] {
        for (long i = 0; i < kIncrements; ++i) {
          count.store(count.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        }
      });
    }
  }
  const long expected = kThreads * kIncrements;
  if (count.load() != expected) {
    std::fprintf(stderr, "atomic-load-then-store: %ld increments of %ld were lost\n",
                 expected - count.load(), expected);
    return 1;
  }
  return 0;
}
