/// @file connection.hpp
/// @brief One end of a pipe or a socketpair that carries whole messages (Python's
/// multiprocessing.Pipe), and the byte loops underneath it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace lab08 {

/// The biggest message a Connection carries. A frame header announcing more is refused, so a
/// corrupted stream cannot make the reader allocate gigabytes or wait for bytes that never come.
inline constexpr std::size_t kMaxMessageSize = std::size_t{64} << 20U;

/// Bytes of the length prefix in front of every message (an unsigned 32-bit, host byte order).
inline constexpr std::size_t kHeaderSize = sizeof(std::uint32_t);

/// Something went wrong on a channel: a malformed frame, a message cut short, a failed call.
class ChannelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The other end is gone: writing found no reader (EPIPE), or the peer reset the connection.
class PeerClosed : public ChannelError {
 public:
  using ChannelError::ChannelError;
};

/// Writes all `size` bytes of `data` to `fd`, however many write() calls it takes, retrying
/// after EINTR. Throws PeerClosed when nobody reads the other end any more (EPIPE), and
/// ChannelError for any other failure.
void write_all(int fd, const void* data, std::size_t size);

/// Reads up to `size` bytes into `data`, however many read() calls it takes, retrying after
/// EINTR. Returns how many bytes it read: less than `size` only when the writer closed its end
/// (end of file). Throws ChannelError when read() fails.
std::size_t read_full(int fd, void* data, std::size_t size);

/// One end of a channel between processes. It owns its file descriptors (-1 for a direction it
/// does not have) and closes them when destroyed. Every message travels as one frame: a
/// kHeaderSize length prefix, then the bytes.
class Connection {
 public:
  Connection() = default;
  /// Takes ownership of `read_fd` and `write_fd` (either may be -1; both may be the same socket).
  Connection(int read_fd, int write_fd) : read_fd_(read_fd), write_fd_(write_fd) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&& other) noexcept
      : read_fd_(std::exchange(other.read_fd_, -1)),
        write_fd_(std::exchange(other.write_fd_, -1)) {}
  Connection& operator=(Connection&& other) noexcept {
    if (this != &other) {
      close();
      read_fd_ = std::exchange(other.read_fd_, -1);
      write_fd_ = std::exchange(other.write_fd_, -1);
    }
    return *this;
  }
  ~Connection() { close(); }

  /// Sends `message` whole: its length, then its bytes. Throws PeerClosed when the other end
  /// has been closed (never dies of SIGPIPE), ChannelError for other failures, and
  /// std::length_error for a message longer than kMaxMessageSize.
  void send(std::string_view message);

  /// The next message, whole; std::nullopt when the writer closed its end between two messages.
  /// Throws ChannelError when the stream ends inside a frame or announces more than
  /// kMaxMessageSize bytes.
  std::optional<std::string> receive();

  /// Closes both directions (each file descriptor once). Safe to call again.
  void close() noexcept;

  /// The descriptor messages are read from (-1 if none).
  [[nodiscard]] int read_fd() const { return read_fd_; }
  /// The descriptor messages are written to (-1 if none).
  [[nodiscard]] int write_fd() const { return write_fd_; }

 private:
  int read_fd_ = -1;
  int write_fd_ = -1;
};

/// Two connected ends, like Python's `multiprocessing.Pipe(duplex)`. With `duplex` (a
/// socketpair), each end sends and receives. Without it (a pipe), `first` only receives and
/// `second` only sends. Either way, a process that writes to an end whose reader has gone gets
/// PeerClosed, not death by SIGPIPE. Throws ChannelError when the descriptors cannot be made.
struct ConnectionPair {
  Connection first;   ///< Receives (and, when duplex, sends).
  Connection second;  ///< Sends (and, when duplex, receives).
};
ConnectionPair make_pipe(bool duplex = true);

}  // namespace lab08
