// Lab 09 demo: the notebooks' pool examples, run on your own pool.
//
// (a) seed 001: squares with a 5 ms wait in each task, on 2 and on 4 workers, and what the
// chunksize does to it; (b) seed 003: three sum-of-primes tasks of very different sizes, in the
// seed's order and longest first; (c) a worker that crashes, reported instead of a hang.
// Built against the stubs it still runs, and each section says what is not done yet.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

#include "conclab/demo_section.hpp"
#include "process_pool.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_of(const std::function<void()>& work) {
  const auto start = Clock::now();
  work();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Seed 001's worker: x * x, after a 5 ms wait.
std::int64_t square_slowly(std::int64_t x) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return x * x;
}

/// Seed 003's sum_prime, in our own words: the sum of the primes up to n.
std::int64_t sum_of_primes(std::int64_t n) {
  std::int64_t sum = 0;
  for (std::int64_t candidate = 2; candidate <= n; ++candidate) {
    bool prime = true;
    for (std::int64_t divisor = 2; divisor * divisor <= candidate; ++divisor) {
      if (candidate % divisor == 0) {
        prime = false;
        break;
      }
    }
    sum += prime ? candidate : 0;
  }
  return sum;
}

std::int64_t crash_on_13(std::int64_t x) {
  if (x == 13) {
    std::raise(SIGSEGV);
  }
  return x;
}

}  // namespace

int main() {
  std::printf("parent: pid %d\n", static_cast<int>(::getpid()));

  conclab::demo_section("(a) seed 001: 120 squares, each after a 5 ms wait", [] {
    std::vector<std::int64_t> numbers;
    for (std::int64_t i = 0; i < 120; ++i) {
      numbers.push_back(i);
    }
    std::printf("one by one in the parent this takes about %d ms\n", 120 * 5);
    for (const std::size_t workers : {2U, 4U}) {
      lab09::ProcessPool pool(workers);
      for (const std::size_t chunksize : {1U, 15U, 120U}) {
        std::vector<std::int64_t> squares;
        const double took =
            milliseconds_of([&] { squares = pool.map<square_slowly>(numbers, chunksize); });
        std::printf("%zu workers, chunksize %3zu: %6.0f ms (squares[119] = %lld)\n", workers,
                    chunksize, took, static_cast<long long>(squares.at(119)));
      }
      pool.close();
      pool.join();
    }
    std::printf(
        "More workers, less time, as long as there are chunks for all of them: chunksize 120 is\n"
        "one chunk, run by one worker.\n");
  });

  conclab::demo_section(
      "(b) seed 003: sum_prime over three very different sizes, on 2 workers", [] {
        const std::vector<std::int64_t> seed_order = {100'000, 200'000, 300'000};
        const std::vector<std::int64_t> longest_first = {300'000, 200'000, 100'000};
        const double sequential = milliseconds_of([&] {
          for (const std::int64_t n : seed_order) {
            (void)sum_of_primes(n);
          }
        });
        std::printf("sequential:                %6.0f ms\n", sequential);
        lab09::ProcessPool pool(2);
        std::vector<std::int64_t> sums;
        const double in_order =
            milliseconds_of([&] { sums = pool.map<sum_of_primes>(seed_order, 1); });
        std::printf("pool, seed's order:        %6.0f ms  %lld %lld %lld\n", in_order,
                    static_cast<long long>(sums.at(0)), static_cast<long long>(sums.at(1)),
                    static_cast<long long>(sums.at(2)));
        const double sorted =
            milliseconds_of([&] { sums = pool.map<sum_of_primes>(longest_first, 1); });
        std::printf("pool, longest first:       %6.0f ms\n", sorted);
        std::printf(
            "In the seed's order one worker runs the smallest task and then the largest. Longest\n"
            "first, the largest starts at once and the other worker runs both small ones "
            "meanwhile:\n"
            "the largest task alone bounds the time.\n");
      });

  conclab::demo_section("(c) a worker that crashes on input 13", [] {
    lab09::ProcessPool pool(3);
    std::vector<std::int64_t> numbers;
    for (std::int64_t i = 0; i < 20; ++i) {
      numbers.push_back(i);
    }
    try {
      (void)pool.map<crash_on_13>(numbers, 1);
      std::printf("the map returned: the crash went unnoticed\n");
    } catch (const lab09::BrokenPool& broken) {
      std::printf("BrokenPool: %s\n", broken.what());
    }
  });
  return 0;
}
