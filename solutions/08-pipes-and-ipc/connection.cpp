#include "connection.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

namespace lab08 {
namespace {

[[noreturn]] void fail(const char* what, int error) {
  throw ChannelError(std::string(what) + ": " + std::strerror(error));
}

/// A write to a pipe or socket whose reader has gone raises SIGPIPE, which kills the process
/// by default. Ignored, it turns into the EPIPE error that write_all() reports as PeerClosed.
void ignore_sigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

}  // namespace

void write_all(int fd, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::write(fd, bytes, size);
    if (written < 0) {
      if (errno == EINTR) {
        continue;  // a signal arrived before anything was written: try again
      }
      if (errno == EPIPE || errno == ECONNRESET) {
        throw PeerClosed("the other end of the channel has been closed");
      }
      fail("write", errno);
    }
    // A signal, or a full pipe on a non-blocking descriptor, may cut a write short.
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
}

std::size_t read_full(int fd, void* data, std::size_t size) {
  auto* bytes = static_cast<char*>(data);
  std::size_t done = 0;
  while (done < size) {
    // A pipe hands out what it holds now, which may be less than asked for.
    const ssize_t got = ::read(fd, bytes + done, size - done);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == ECONNRESET) {
        throw PeerClosed("the other end of the channel has been reset");
      }
      fail("read", errno);
    }
    if (got == 0) {
      break;  // end of file: every writer closed its end
    }
    done += static_cast<std::size_t>(got);
  }
  return done;
}

void Connection::send(std::string_view message) {
  if (write_fd_ < 0) {
    throw ChannelError("this end of the channel cannot send");
  }
  if (message.size() > kMaxMessageSize) {
    throw std::length_error("message longer than kMaxMessageSize");
  }
  ignore_sigpipe();
  // One buffer for header and bytes: a message of at most PIPE_BUF bytes is then written by one
  // write(), which a pipe keeps whole even with other writers.
  const auto length = static_cast<std::uint32_t>(message.size());
  std::string frame(kHeaderSize + message.size(), '\0');
  std::memcpy(frame.data(), &length, kHeaderSize);
  std::memcpy(frame.data() + kHeaderSize, message.data(), message.size());
  write_all(write_fd_, frame.data(), frame.size());
}

std::optional<std::string> Connection::receive() {
  if (read_fd_ < 0) {
    throw ChannelError("this end of the channel cannot receive");
  }
  std::uint32_t length = 0;
  const std::size_t header = read_full(read_fd_, &length, kHeaderSize);
  if (header == 0) {
    return std::nullopt;  // closed between two messages: a clean end
  }
  if (header < kHeaderSize) {
    throw ChannelError("the channel ended inside a message's header");
  }
  if (length > kMaxMessageSize) {
    throw ChannelError("a frame announced " + std::to_string(length) +
                       " bytes, more than kMaxMessageSize: the stream is corrupt");
  }
  std::string message(length, '\0');
  if (read_full(read_fd_, message.data(), length) < length) {
    throw ChannelError("the channel ended inside a message");
  }
  return message;
}

void Connection::close() noexcept {
  if (read_fd_ >= 0) {
    ::close(read_fd_);
  }
  if (write_fd_ >= 0 && write_fd_ != read_fd_) {
    ::close(write_fd_);
  }
  read_fd_ = -1;
  write_fd_ = -1;
}

ConnectionPair make_pipe(bool duplex) {
  ignore_sigpipe();
  int fds[2] = {-1, -1};
  if (duplex) {
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
      fail("socketpair", errno);
    }
    return {Connection(fds[0], fds[0]), Connection(fds[1], fds[1])};
  }
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    fail("pipe2", errno);
  }
  return {Connection(fds[0], -1), Connection(-1, fds[1])};
}

}  // namespace lab08
