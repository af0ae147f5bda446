#include "sentence.hpp"

#include "threads.hpp"
#include "turn_taker.hpp"

namespace lab01 {

void print_sentence(std::span<const std::string> words, LockedPrinter& printer) {
  run_threads(words.size(), [&](std::size_t index) { printer.print(words[index]); });
}

void print_sentence_in_order(std::span<const std::string> words, Terminal& terminal) {
  TurnTaker turns(words.size());
  run_threads(words.size(), [&](std::size_t index) {
    turns.wait_for_turn(index);
    write_word(terminal, words[index]);
    turns.end_turn(index);
  });
}

}  // namespace lab01
