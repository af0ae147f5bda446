/// @file gate.hpp
/// @brief Test support: a gate that tasks wait at until the test opens it, so that a test, not
/// a clock, decides when each task finishes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace lab05::testing {

/// Closed until open() is called, then open for good.
class Gate {
 public:
  /// Opens the gate and lets every waiting task through.
  void open() {
    {
      const std::scoped_lock lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

  /// Blocks until the gate is open.
  void pass() {
    std::unique_lock lock(mutex_);
    opened_.wait(lock, [this] { return open_; });
  }

  /// Blocks until the gate is open or `timeout` has passed; returns whether it is open.
  bool pass_within(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return opened_.wait_for(lock, timeout, [this] { return open_; });
  }

  /// Whether the gate is open.
  [[nodiscard]] bool is_open() {
    const std::scoped_lock lock(mutex_);
    return open_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

/// Gates shared with tasks (which may outlive the test's own variables). All of them open when
/// this is destroyed: declared after the executor, it lets every blocked task finish before the
/// executor's destructor waits for them, however the test ends.
class Gates {
 public:
  /// `count` closed gates.
  explicit Gates(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      gates_.push_back(std::make_shared<Gate>());
    }
  }
  Gates(const Gates&) = delete;
  Gates& operator=(const Gates&) = delete;
  Gates(Gates&&) = delete;
  Gates& operator=(Gates&&) = delete;
  ~Gates() {
    for (const auto& gate : gates_) {
      gate->open();
    }
  }

  /// Gate `i`, to capture in a task.
  [[nodiscard]] std::shared_ptr<Gate> operator[](std::size_t i) const { return gates_.at(i); }

 private:
  std::vector<std::shared_ptr<Gate>> gates_;
};

/// Opens every gate of a Gates after `timeout`, unless destroyed first: keeps a test whose code
/// under test waits for the wrong future from hanging, so that it fails with a message instead.
/// Declare it after the Gates it opens.
class OpenAllAfter {
 public:
  OpenAllAfter(const Gates& gates, std::size_t count, std::chrono::milliseconds timeout)
      : thread_([&gates, count, timeout, test_over = test_over_] {
          test_over->pass_within(timeout);
          for (std::size_t i = 0; i < count; ++i) {
            gates[i]->open();
          }
        }) {}
  OpenAllAfter(const OpenAllAfter&) = delete;
  OpenAllAfter& operator=(const OpenAllAfter&) = delete;
  OpenAllAfter(OpenAllAfter&&) = delete;
  OpenAllAfter& operator=(OpenAllAfter&&) = delete;
  ~OpenAllAfter() { test_over_->open(); }  // then thread_ joins

 private:
  std::shared_ptr<Gate> test_over_ = std::make_shared<Gate>();
  std::jthread thread_;
};

}  // namespace lab05::testing
