/// @file terminal.hpp
/// @brief Where the lab's printers write: a character-at-a-time output shared by threads.
#pragma once

#include <cstdio>
#include <string_view>

namespace lab01 {

/// A text output that many threads may write to at once.
///
/// Each put() is safe on its own, but nothing keeps the characters of one word together:
/// two threads writing "ab" and "cd" may produce "acbd". Keeping words whole is the
/// printer's job (see LockedPrinter).
class Terminal {
 public:
  Terminal() = default;
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;
  Terminal(Terminal&&) = delete;
  Terminal& operator=(Terminal&&) = delete;
  virtual ~Terminal() = default;

  /// Writes one character.
  virtual void put(char character) = 0;
};

/// The process's standard output. `std::putchar` locks `stdout` for each call, so every
/// character arrives intact, but the characters of different threads can mix.
class StdoutTerminal final : public Terminal {
 public:
  void put(char character) override { std::putchar(character); }
};

/// Writes `word` and then one space, character by character, with no locking at all.
inline void write_word(Terminal& terminal, std::string_view word) {
  for (const char character : word) {
    terminal.put(character);
  }
  terminal.put(' ');
}

}  // namespace lab01
