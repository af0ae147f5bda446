#include "completion_queue.hpp"

namespace lab05 {

// BROKEN: hands out the futures in the order of the list, each once it is done, instead of in
// the order they finish.

CompletionQueue::CompletionQueue(const std::vector<std::shared_ptr<FutureCore>>& futures)
    : futures_(futures), remaining_(futures.size()) {}

std::optional<std::size_t> CompletionQueue::next(std::optional<Clock::time_point> deadline) {
  if (remaining_ == 0) {
    return std::nullopt;
  }
  const std::size_t position = futures_.size() - remaining_;
  if (deadline) {
    if (!futures_[position]->wait_until(*deadline)) {
      return std::nullopt;
    }
  } else {
    futures_[position]->wait();
  }
  --remaining_;
  return position;
}

}  // namespace lab05
