#include "connection.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <mutex>

namespace lab08 {
namespace {

/// A long message is received in pieces of this size (twice what a pipe holds by default
/// on Linux): each is zeroed just before it is read, a few microseconds at a time.
constexpr std::size_t kReadChunk = std::size_t{128} * 1024;

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
  const auto length = static_cast<std::uint32_t>(message.size());
  if (kHeaderSize + message.size() <= PIPE_BUF) {
    // Header and bytes in one write(): a pipe keeps a write of at most PIPE_BUF bytes whole,
    // even when other processes write to it too.
    std::array<char, PIPE_BUF> frame{};
    std::memcpy(frame.data(), &length, kHeaderSize);
    std::memcpy(frame.data() + kHeaderSize, message.data(), message.size());
    write_all(write_fd_, frame.data(), kHeaderSize + message.size());
    return;
  }
  // A longer frame is never written whole in one go (the pipe may take part of it), so copying
  // it buys nothing: header, then the bytes straight from the caller's buffer. Writers that
  // share a pipe must take turns per frame (ProcessQueue's lock).
  write_all(write_fd_, &length, kHeaderSize);
  write_all(write_fd_, message.data(), message.size());
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
  // Room for the whole message at once, but filled a pipe's worth at a time: zeroing 1 MiB
  // before the first read would leave the writer blocked on a full pipe meanwhile.
  std::string message;
  message.reserve(length);
  while (message.size() < length) {
    const std::size_t start = message.size();
    message.resize(start + std::min<std::size_t>(kReadChunk, length - start));
    if (read_full(read_fd_, message.data() + start, message.size() - start) <
        message.size() - start) {
      throw ChannelError("the channel ended inside a message");
    }
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
