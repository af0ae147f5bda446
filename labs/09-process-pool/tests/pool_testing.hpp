// What the lab 09 tests share: a fixture that checks no worker outlived the test, a counter
// that worker processes can all add to, GoogleTest printers, and the tasks the tests map.
#pragma once

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <new>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "child.hpp"
#include "conclab/thread_waits.hpp"
#include "process_pool.hpp"

namespace lab09 {

inline void PrintTo(const ExitStatus& status, std::ostream* out) {
  *out << status.describe();
}

namespace testing {

/// The processes whose parent is `parent`, zombies included.
inline std::vector<int> children_of(int parent) {
  return conclab::child_processes(parent);
}

using conclab::process_state;

/// Waits until process `pid` has ended (a zombie, or gone). The watchdog ends a test stuck here.
inline void wait_until_dead(int pid) {
  while (process_state(pid) != 'Z' && process_state(pid) != '?') {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

/// A test that must leave no child process behind, running or zombie.
class NoChildLeft : public ::testing::Test {
 protected:
  void TearDown() override {
    EXPECT_EQ(children_of(::getpid()), std::vector<int>{})
        << "these worker processes outlived their pool: every worker must be reaped";
  }
};

/// An integer in memory shared with every process forked after it was made.
class SharedCounter {
 public:
  SharedCounter() {
    void* memory = ::mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      throw std::bad_alloc();
    }
    value_ = new (memory) std::atomic<int>(0);
  }
  SharedCounter(const SharedCounter&) = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;
  ~SharedCounter() { ::munmap(value_, sizeof(std::atomic<int>)); }

  void add() const { value_->fetch_add(1); }
  [[nodiscard]] int get() const { return value_->load(); }

 private:
  std::atomic<int>* value_ = nullptr;
};

// ---- Tasks (plain functions: what a pool can run) ----

inline std::int64_t square(std::int64_t x) {
  return x * x;
}

/// The pid of the worker that ran it.
inline std::int64_t worker_pid(std::int64_t /*unused*/) {
  return ::getpid();
}

/// Sum of the primes below `n` by trial division: deliberately slow, CPU only (seed 003's
/// sum_prime, in our own words).
inline std::int64_t sum_of_primes_below(std::int64_t n) {
  std::int64_t sum = 0;
  for (std::int64_t candidate = 2; candidate < n; ++candidate) {
    bool prime = true;
    for (std::int64_t divisor = 2; divisor * divisor <= candidate; ++divisor) {
      if (candidate % divisor == 0) {
        prime = false;
        break;
      }
    }
    if (prime) {
      sum += candidate;
    }
  }
  return sum;
}

/// A text only input `n` maps to: "n:" then letters depending on n, of a length depending on n
/// (some far above PIPE_BUF).
inline std::string tagged_text(std::int64_t n) {
  constexpr std::size_t kSizes[] = {0, 1, 100, 5000, 70'000};
  const std::size_t size = kSizes[static_cast<std::size_t>(n % 5)];
  std::string text = std::to_string(n) + ':';
  for (std::size_t i = 0; i < size; ++i) {
    text += static_cast<char>('a' + (static_cast<std::size_t>(n) * 7 + i) % 26);
  }
  return text;
}

}  // namespace testing
}  // namespace lab09
