/// @file wait.hpp
/// @brief Task 4: wait for the first or for all of a list of futures, with a timeout (Python's
/// `concurrent.futures.wait`).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include "completion_queue.hpp"
#include "future.hpp"

namespace lab05 {

/// When wait() returns (Python's `FIRST_COMPLETED` and `ALL_COMPLETED`).
enum class ReturnWhen {
  kFirstCompleted,  ///< As soon as any future is done.
  kAllCompleted,    ///< Once every future is done.
};

/// What wait() returns: the futures split into those done and those not, each part in the
/// order of the list given to wait().
template <typename T>
struct DoneAndNotDone {
  std::vector<Future<T>> done;      ///< Finished or cancelled.
  std::vector<Future<T>> not_done;  ///< Pending or running.
};

/// Blocks until `return_when` is met (by futures already done, too) or `timeout` (when given)
/// has passed, whichever comes first, then splits `futures` by whether each one is done. On a
/// timeout nothing is thrown: the futures that did not make it are in `not_done`.
template <typename T>
DoneAndNotDone<T> wait(const std::vector<Future<T>>& futures,
                       std::optional<Clock::duration> timeout = std::nullopt,
                       ReturnWhen return_when = ReturnWhen::kAllCompleted) {
  std::optional<Clock::time_point> deadline;
  if (timeout) {
    deadline = Clock::now() + *timeout;
  }
  const std::size_t wanted = return_when == ReturnWhen::kFirstCompleted
                                 ? std::min<std::size_t>(1, futures.size())
                                 : futures.size();
  CompletionQueue finished(cores_of(futures));
  for (std::size_t seen = 0; seen < wanted; ++seen) {
    if (!finished.next(deadline)) {
      break;  // the timeout passed first
    }
  }
  DoneAndNotDone<T> split;
  for (const auto& future : futures) {
    (future.done() ? split.done : split.not_done).push_back(future);
  }
  return split;
}

}  // namespace lab05
