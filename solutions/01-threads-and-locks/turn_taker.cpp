#include "turn_taker.hpp"

namespace lab01 {

void TurnTaker::wait_for_turn(std::size_t party) {
  std::unique_lock lock(mutex_);
  // The predicate makes the wait immune to spurious wake-ups and to a notify that came
  // before we started waiting.
  changed_.wait(lock, [&] { return current_ == party; });
}

void TurnTaker::end_turn(std::size_t party) {
  {
    const std::scoped_lock lock(mutex_);
    current_ = (party + 1) % parties_;
  }
  // Every waiter wants a different turn, and notify_one might wake the wrong one, which
  // would go back to sleep and leave the right one waiting forever.
  changed_.notify_all();
}

}  // namespace lab01
