// What every lab 08 test shares: a fixture that checks no child process outlived the test,
// messages whose content says who sent them, and raw access to a pipe's bytes.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <limits.h>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "conclab/thread_waits.hpp"
#include "connection.hpp"
#include "seed_examples.hpp"

namespace lab08 {

inline void PrintTo(const Greeting& greeting, std::ostream* out) {
  *out << "Greeting{child " << greeting.child << ", text \"" << greeting.text << "\"}";
}

namespace testing {

/// The processes whose parent is `parent`, zombies included.
inline std::vector<int> children_of(int parent) {
  return conclab::child_processes(parent);
}

/// A test that must leave no child process behind: neither running nor a zombie never waited
/// for.
class NoChildLeft : public ::testing::Test {
 protected:
  void TearDown() override {
    EXPECT_EQ(children_of(::getpid()), std::vector<int>{})
        << "these child processes outlived the test: every child must be waited for";
  }
};

/// A message only producer `producer` sends as its number `sequence`: "P:S:" then a filler
/// whose letters depend on both, of one of several sizes (some far above PIPE_BUF).
inline std::string tagged_message(int producer, int sequence) {
  constexpr std::size_t kSizes[] = {1, 100, 4000, 3 * PIPE_BUF, 70'000, 200'000};
  const std::size_t size = kSizes[static_cast<std::size_t>(sequence * 7 + producer) % 6];
  std::string message = std::to_string(producer) + ':' + std::to_string(sequence) + ':';
  for (std::size_t i = 0; i < size; ++i) {
    message += static_cast<char>('a' + (producer * 31 + sequence * 7 + static_cast<int>(i)) % 26);
  }
  return message;
}

/// The producer and sequence number of `message`, if it is exactly tagged_message(P, S).
inline std::optional<std::pair<int, int>> check_tagged(const std::string& message) {
  int producer = -1;
  int sequence = -1;
  char colon1 = 0;
  char colon2 = 0;
  std::istringstream fields(message);
  if (!(fields >> producer >> colon1 >> sequence >> colon2) || colon1 != ':' || colon2 != ':' ||
      producer < 0 || sequence < 0 || producer > 1000 || sequence > 100'000) {
    return std::nullopt;
  }
  if (message != tagged_message(producer, sequence)) {
    return std::nullopt;
  }
  return std::pair{producer, sequence};
}

/// Writes a frame header announcing `length` bytes straight to `fd`.
inline void write_raw_header(int fd, std::uint32_t length) {
  ASSERT_EQ(::write(fd, &length, sizeof length), static_cast<ssize_t>(sizeof length));
}

/// Sets SIGUSR1's handler (one that does nothing, without SA_RESTART, so that blocking calls
/// fail with EINTR or return short) for as long as it lives; children forked meanwhile keep it.
class InterruptingSignal {
 public:
  InterruptingSignal() {
    struct sigaction action {};
    action.sa_handler = [](int) {};
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    ::sigaction(SIGUSR1, &action, &previous_);
  }
  InterruptingSignal(const InterruptingSignal&) = delete;
  InterruptingSignal& operator=(const InterruptingSignal&) = delete;
  ~InterruptingSignal() { ::sigaction(SIGUSR1, &previous_, nullptr); }

 private:
  struct sigaction previous_ {};
};

}  // namespace testing
}  // namespace lab08
