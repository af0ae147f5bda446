#include "locked_printer.hpp"

namespace lab01 {

void LockedPrinter::print(std::string_view word) {
  // BROKEN: no lock, so other threads' characters land inside this word.
  write_word(terminal_, word);
}

}  // namespace lab01
