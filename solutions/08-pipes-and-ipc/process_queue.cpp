#include "process_queue.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace lab08 {

ProcessQueue::ProcessQueue() {
  int fds[2] = {-1, -1};
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw ChannelError(std::string("pipe2: ") + std::strerror(errno));
  }
  pipe_ = Connection(fds[0], fds[1]);
}

void ProcessQueue::put(std::string_view message) {
  std::string tagged(1, static_cast<char>(Tag::kMessage));
  tagged += message;
  // A frame above PIPE_BUF bytes goes through the pipe in pieces: without the lock, another
  // producer's pieces could land in between and tear both messages.
  const std::scoped_lock lock(locks_->producers);
  pipe_.send(tagged);
}

std::optional<std::string> ProcessQueue::get() {
  std::optional<std::string> frame;
  {
    // Header and body are separate reads: another consumer must not read in between.
    const std::scoped_lock lock(locks_->consumers);
    frame = pipe_.receive();
  }
  if (!frame || frame->empty()) {
    throw ChannelError("the queue's pipe ended or carried an empty frame");
  }
  if (static_cast<Tag>(frame->front()) == Tag::kPill) {
    return std::nullopt;
  }
  frame->erase(0, 1);
  return frame;
}

void ProcessQueue::put_pills(int consumers) {
  const std::string pill(1, static_cast<char>(Tag::kPill));
  const std::scoped_lock lock(locks_->producers);
  for (int i = 0; i < consumers; ++i) {
    pipe_.send(pill);
  }
}

}  // namespace lab08
