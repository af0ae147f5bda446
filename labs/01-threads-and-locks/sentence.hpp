/// @file sentence.hpp
/// @brief The seed's sentence example, built from the student's pieces (not a task).
#pragma once

#include <span>
#include <string>

#include "locked_printer.hpp"
#include "terminal.hpp"

namespace lab01 {

/// Prints each word on a thread of its own, through `printer`. Every word comes out whole,
/// but in whatever order the threads happen to run.
void print_sentence(std::span<const std::string> words, LockedPrinter& printer);

/// Prints each word on a thread of its own, in the sentence's order: thread i waits for
/// its turn (a TurnTaker) before writing word i to `terminal`.
void print_sentence_in_order(std::span<const std::string> words, Terminal& terminal);

}  // namespace lab01
