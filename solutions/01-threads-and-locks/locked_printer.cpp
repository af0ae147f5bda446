#include "locked_printer.hpp"

namespace lab01 {

void LockedPrinter::print(std::string_view word) {
  const std::scoped_lock lock(mutex_);
  write_word(terminal_, word);
}

}  // namespace lab01
