/// @file run_together.hpp
/// @brief Test support: run a body on several threads at once, and get back on the test's
/// thread whatever one of them threw (an exception escaping a thread would end the program).
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

namespace lab05::testing {

/// Runs `body(0)` ... `body(count - 1)`, each on a thread of its own, all released together;
/// returns when all have finished, rethrowing the first exception any of them threw.
inline void run_together(std::size_t count, const std::function<void(std::size_t)>& body) {
  std::latch ready(static_cast<std::ptrdiff_t>(count));
  std::mutex mutex;
  std::exception_ptr first_error;
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < count; ++i) {
      threads.emplace_back([&, i] {
        ready.arrive_and_wait();
        try {
          body(i);
        } catch (...) {
          const std::scoped_lock lock(mutex);
          if (!first_error) {
            first_error = std::current_exception();
          }
        }
      });
    }
  }
  if (first_error) {
    std::rethrow_exception(first_error);
  }
}

}  // namespace lab05::testing
