/// @file test_threads.hpp
/// @brief Threads a test starts itself, whose exceptions become test failures instead of
/// ending the program.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lab02::testing {

/// Runs `body(0)` to `body(count - 1)` on threads of their own and waits for all of them. An
/// exception thrown by a body fails the running test with its message (the others still run).
inline void run_test_threads(std::size_t count, const std::function<void(std::size_t)>& body) {
  std::mutex mutex;
  std::vector<std::string> errors;
  {
    std::vector<std::jthread> threads;
    for (std::size_t index = 0; index < count; ++index) {
      threads.emplace_back([&, index] {
        try {
          body(index);
        } catch (const std::exception& error) {
          const std::scoped_lock lock(mutex);
          errors.push_back("thread " + std::to_string(index) + " threw: " + error.what());
        }
      });
    }
  }
  for (const std::string& error : errors) {
    ADD_FAILURE() << error;
  }
}

}  // namespace lab02::testing
