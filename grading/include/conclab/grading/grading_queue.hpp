/// @file grading_queue.hpp
/// @brief The work list of gradings run side by side: which one a worker takes next, and the
/// grader slot it builds in.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace conclab::grading {

/// One grading a pool must do: its lab, and which repeat of its submission it is.
struct QueuedGrading {
  std::string lab;
  int round = 1;
};

/// What a worker is given: a grading, and the grader slot of its lab to build it in.
struct GradingTurn {
  std::size_t index = 0;  ///< into the list the queue was made from
  int slot = 0;
};

/// The gradings of a pool of workers (`grade-corpus --jobs N`), handed out so that each lab's
/// gradings build in as few grader slots as they can. A slot is a set of build targets of its
/// own; the first grading of a lab in a slot compiles the lab's tests there, once per preset
/// (for a lab with a student header, that is every test), and later gradings in that slot reuse
/// what they can. A slot tied to a worker would have every lab built in every slot.
///
/// So a worker takes the first waiting grading of a lab that no other worker is grading (the
/// first waiting one if there is none), in the lowest slot of that lab no other worker holds.
/// The gradings wait in an order that keeps two of one lab apart where another lab has some
/// left, and an entry's repeats come after every first round: two gradings of one submission
/// side by side would compile the same code in two slots.
class GradingQueue {
 public:
  /// Queues `gradings`; a turn's index is a position in this list.
  explicit GradingQueue(const std::vector<QueuedGrading>& gradings);

  /// The next grading and its slot; nothing once every grading has been taken. Thread-safe.
  [[nodiscard]] std::optional<GradingTurn> take();

  /// Frees `turn`'s slot once its grading has ended. Thread-safe.
  void finish(const GradingTurn& turn);

 private:
  std::mutex mutex_;
  std::vector<std::string> labs_;                  // each grading's lab, by index
  std::vector<std::size_t> waiting_;               // indices, in the order they are taken
  std::vector<std::pair<std::string, int>> held_;  // the lab and slot of each running grading
};

}  // namespace conclab::grading
