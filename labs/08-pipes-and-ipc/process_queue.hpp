/// @file process_queue.hpp
/// @brief A queue between processes (Python's multiprocessing.Queue): any number of producer
/// and consumer processes share one pipe, and every message arrives whole, exactly once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "connection.hpp"
#include "shared_memory.hpp"

namespace lab08 {

/// A multi-producer, multi-consumer queue between a parent and the children it forks after
/// making the queue. Messages travel through one pipe as frames (see Connection).
///
/// A frame bigger than PIPE_BUF is written in several pieces, and two writers' pieces may
/// interleave; so may two readers' reads. Whole frames are kept whole by two locks in shared
/// memory: one that a producer holds for a whole frame, one that a consumer holds for a whole
/// frame. Consumers stop on poison pills, one per consumer.
class ProcessQueue {
 public:
  /// Makes the pipe and the shared locks. Make the queue before forking its users.
  ProcessQueue();

  /// Puts `message` on the queue, whole, even while other processes put theirs. May block
  /// while the pipe is full. Throws like Connection::send.
  void put(std::string_view message);

  /// Takes the next message, whole, even while other processes take theirs; std::nullopt when
  /// the message taken is a poison pill. Blocks while the queue is empty.
  std::optional<std::string> get();

  /// Puts one poison pill per consumer, after everything put so far.
  void put_pills(int consumers);

  /// The first byte of each frame: a message or a pill.
  enum class Tag : char { kMessage = 'M', kPill = 'P' };

 private:
  /// The locks every process that uses the queue shares.
  struct Locks {
    ProcessSharedMutex producers;  ///< Held by a producer for one whole frame.
    ProcessSharedMutex consumers;  ///< Held by a consumer for one whole frame.
  };

  Connection pipe_;  ///< Both ends of one pipe: read_fd() and write_fd().
  SharedObject<Locks> locks_;
};

}  // namespace lab08
