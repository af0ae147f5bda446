/// @file locked_printer.hpp
/// @brief Task 2: a printer whose words never interleave.
#pragma once

#include <mutex>
#include <string_view>

#include "terminal.hpp"

namespace lab01 {

/// Prints words to a shared Terminal so that no other thread's characters ever land inside
/// a word: the C++ version of the seed's `print_lock`.
class LockedPrinter {
 public:
  /// Prints to `terminal`, which must outlive the printer.
  explicit LockedPrinter(Terminal& terminal) : terminal_(terminal) {}

  /// Writes `word` followed by one space, all of it before any other thread's output.
  /// Safe to call from many threads at once.
  void print(std::string_view word);

 private:
  Terminal& terminal_;
  std::mutex mutex_;  ///< Held for a whole word, so words never interleave.
};

}  // namespace lab01
