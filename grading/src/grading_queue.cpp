#include "conclab/grading/grading_queue.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace conclab::grading {

namespace {

/// The indices of `gradings` with no two of one lab side by side where it can be helped: each
/// time, the lab with the most gradings left that is not the one just placed (ties: the lab
/// listed first). Within a lab, every first round comes before any second.
std::vector<std::size_t> interleaved(const std::vector<QueuedGrading>& gradings) {
  std::vector<std::size_t> by_round(gradings.size());
  std::iota(by_round.begin(), by_round.end(), std::size_t{0});
  std::stable_sort(by_round.begin(), by_round.end(), [&](std::size_t a, std::size_t b) {
    return gradings[a].round < gradings[b].round;
  });
  std::vector<std::string> lab_order;                      // as first listed
  std::map<std::string, std::vector<std::size_t>> queues;  // each lab's, front last
  for (const QueuedGrading& grading : gradings) {
    if (!queues.contains(grading.lab)) {
      lab_order.push_back(grading.lab);
      queues[grading.lab];
    }
  }
  // Backwards, with iterators: clang 14 cannot compile libstdc++ 12's ranges::reverse_view.
  std::for_each(by_round.rbegin(), by_round.rend(),
                [&](std::size_t index) { queues[gradings[index].lab].push_back(index); });
  std::vector<std::size_t> order;
  std::string last;
  // A lab other than the last placed beats it; then the one with more left.
  auto rank = [&](const std::string& lab) { return std::pair(lab != last, queues[lab].size()); };
  while (order.size() < gradings.size()) {
    const std::string* pick = nullptr;
    for (const std::string& lab : lab_order) {
      if (!queues[lab].empty() && (pick == nullptr || rank(lab) > rank(*pick))) {
        pick = &lab;
      }
    }
    order.push_back(queues[*pick].back());
    queues[*pick].pop_back();
    last = *pick;
  }
  return order;
}

}  // namespace

GradingQueue::GradingQueue(const std::vector<QueuedGrading>& gradings)
    : waiting_(interleaved(gradings)) {
  for (const QueuedGrading& grading : gradings) {
    labs_.push_back(grading.lab);
  }
}

std::optional<GradingTurn> GradingQueue::take() {
  const std::scoped_lock lock(mutex_);
  if (waiting_.empty()) {
    return std::nullopt;
  }
  auto running = [&](const std::string& lab) {
    return std::any_of(held_.begin(), held_.end(),
                       [&](const auto& held) { return held.first == lab; });
  };
  auto next = std::find_if(waiting_.begin(), waiting_.end(),
                           [&](std::size_t index) { return !running(labs_[index]); });
  if (next == waiting_.end()) {
    next = waiting_.begin();
  }
  GradingTurn turn{*next, 0};
  waiting_.erase(next);
  const std::string& lab = labs_[turn.index];
  while (std::find(held_.begin(), held_.end(), std::pair(lab, turn.slot)) != held_.end()) {
    ++turn.slot;
  }
  held_.emplace_back(lab, turn.slot);
  return turn;
}

void GradingQueue::finish(const GradingTurn& turn) {
  const std::scoped_lock lock(mutex_);
  const auto held = std::find(held_.begin(), held_.end(), std::pair(labs_[turn.index], turn.slot));
  if (held != held_.end()) {
    held_.erase(held);
  }
}

}  // namespace conclab::grading
