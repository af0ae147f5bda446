#include "completion_queue.hpp"

namespace lab05 {

CompletionQueue::CompletionQueue(const std::vector<std::shared_ptr<FutureCore>>& futures)
    : remaining_(futures.size()) {
  for (std::size_t position = 0; position < futures.size(); ++position) {
    // The callback owns `finished`: it stays alive for a future that outlives the queue.
    futures[position]->add_done_callback([finished = finished_, position] {
      {
        const std::scoped_lock lock(finished->mutex);
        finished->positions.push_back(position);
      }
      finished->changed.notify_one();
    });
  }
}

std::optional<std::size_t> CompletionQueue::next(std::optional<Clock::time_point> deadline) {
  if (remaining_ == 0) {
    return std::nullopt;
  }
  std::unique_lock lock(finished_->mutex);
  const auto any_finished = [this] { return !finished_->positions.empty(); };
  if (!deadline) {
    finished_->changed.wait(lock, any_finished);
  } else if (!finished_->changed.wait_until(lock, *deadline, any_finished)) {
    return std::nullopt;  // the deadline passed first
  }
  const std::size_t position = finished_->positions.front();
  finished_->positions.pop_front();
  --remaining_;
  return position;
}

}  // namespace lab05
