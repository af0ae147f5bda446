/// @file recording_terminal.hpp
/// @brief A Terminal that records what threads write, and invites them to interleave.
#pragma once

#include <mutex>
#include <string>
#include <thread>

#include "terminal.hpp"

namespace lab01::testing {

/// Records every character; put() is safe from many threads. After each character the
/// writer yields, like a slow terminal, so that threads writing without a lock of their own
/// interleave almost every time instead of once in a while.
class RecordingTerminal final : public Terminal {
 public:
  void put(char character) override {
    {
      const std::scoped_lock lock(mutex_);
      text_ += character;
    }
    std::this_thread::yield();
  }

  /// Everything written so far.
  std::string text() const {
    const std::scoped_lock lock(mutex_);
    return text_;
  }

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

}  // namespace lab01::testing
