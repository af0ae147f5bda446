/// @file channel.hpp
/// @brief The plumbing under the pool (given, not a task): an owned file descriptor, a pipe,
/// and whole frames sent and received over it.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace lab09 {

/// A frame could not be carried: a stream cut inside a frame, an absurd length, a failed call.
class ChannelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writing found nobody at the other end any more (EPIPE): the reading process is gone.
class PeerClosed : public ChannelError {
 public:
  using ChannelError::ChannelError;
};

/// A file descriptor that closes itself. Move-only; -1 means none.
class Fd {
 public:
  Fd() = default;
  /// Takes ownership of `fd`.
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      close();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~Fd() { close(); }

  /// The descriptor, or -1.
  [[nodiscard]] int get() const { return fd_; }
  /// True while it holds a descriptor.
  explicit operator bool() const { return fd_ >= 0; }
  /// Closes the descriptor (once); safe to call again.
  void close() noexcept;

 private:
  int fd_ = -1;
};

/// Both ends of a pipe: bytes written to `write` come out of `read`.
struct Pipe {
  Fd read;   ///< The reading end.
  Fd write;  ///< The writing end.
};

/// A new pipe (O_CLOEXEC). Throws ChannelError when the system has no descriptors left.
Pipe make_pipe();

/// Closes every file descriptor of this process from 3 up, except `keep_a` and `keep_b`
/// (standard input, output and error stay open). For a freshly forked worker: fork() copies
/// every descriptor the parent has, including the pipe ends of other workers and other pools,
/// and (without exec) O_CLOEXEC does not close them.
void close_other_fds(int keep_a, int keep_b) noexcept;

/// Sends `frame` whole to `fd`: a 4-byte length, then the bytes, retrying short writes and
/// EINTR. A write to a pipe nobody reads throws PeerClosed (a program linking this file ignores
/// SIGPIPE from its start, so that it never kills it); other failures throw ChannelError.
void send_frame(int fd, std::string_view frame);

/// The next whole frame from `fd`, or std::nullopt when the writer closed its end between two
/// frames (end of file). Blocks until a frame or the end arrives. Throws ChannelError when the
/// stream ends inside a frame (the writer died while sending) or announces more than 256 MiB.
std::optional<std::string> receive_frame(int fd);

}  // namespace lab09
