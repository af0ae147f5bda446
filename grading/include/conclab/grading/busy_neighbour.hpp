/// @file busy_neighbour.hpp
/// @brief A process that keeps one core busy for as long as it lives: the other user of a
/// shared grading machine, on demand.
#pragma once

#include <sys/types.h>

namespace conclab::grading {

/// Starts a child process that spins on one core at normal priority until this object is
/// destroyed (or we die: the child is killed with us). `grade-corpus --neighbour` grades beside
/// it, to prove that correct submissions keep full marks on a machine that is not theirs alone.
class BusyNeighbour {
 public:
  /// Starts the spinning child; throws std::runtime_error when fork() fails.
  BusyNeighbour();
  BusyNeighbour(const BusyNeighbour&) = delete;
  BusyNeighbour& operator=(const BusyNeighbour&) = delete;
  BusyNeighbour(BusyNeighbour&&) = delete;
  BusyNeighbour& operator=(BusyNeighbour&&) = delete;
  /// Kills the child and waits for it.
  ~BusyNeighbour();

  /// The child's process id.
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

}  // namespace conclab::grading
