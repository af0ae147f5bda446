#include "channel.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

namespace lab09 {
namespace {

constexpr std::uint32_t kMaxFrame = std::uint32_t{256} << 20U;

[[noreturn]] void fail(const char* what) {
  throw ChannelError(std::string(what) + ": " + std::generic_category().message(errno));
}

// SIGPIPE is ignored once, while the program starts, before any thread exists. (A
// std::call_once or function-local static on first use could be half-way through in another
// thread at the moment a worker is forked, and the worker would then wait on it for ever.)
[[maybe_unused]] const bool sigpipe_ignored = std::signal(SIGPIPE, SIG_IGN) != SIG_ERR;

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EPIPE) {
        throw PeerClosed("write: the reading end is closed (the reader is gone)");
      }
      fail("write");
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

/// Reads up to `size` bytes; fewer only at end of file.
std::size_t read_full(int fd, char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::read(fd, data + done, size - done);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail("read");
    }
    if (got == 0) {
      break;
    }
    done += static_cast<std::size_t>(got);
  }
  return done;
}

}  // namespace

void Fd::close() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);  // never retried: Linux frees the descriptor even when close() fails
    fd_ = -1;
  }
}

Pipe make_pipe() {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
    fail("pipe2");
  }
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

void close_other_fds(int keep_a, int keep_b) noexcept {
  if (keep_a > keep_b) {
    std::swap(keep_a, keep_b);
  }
  // close_range() closes [first, last]; an empty range is skipped.
  const auto close_between = [](unsigned first, unsigned last) {
    if (first <= last) {
      ::close_range(first, last, 0);
    }
  };
  const unsigned a = static_cast<unsigned>(std::max(keep_a, 2));
  const unsigned b = static_cast<unsigned>(std::max(keep_b, 2));
  close_between(3, a - 1);
  close_between(a + 1, b - 1);
  close_between(b + 1, ~0U);
}

void send_frame(int fd, std::string_view frame) {
  if (frame.size() > kMaxFrame) {
    throw ChannelError("send_frame: frame of " + std::to_string(frame.size()) + " bytes");
  }
  // Header and body in one write when small, so a frame never costs two system calls.
  const auto length = static_cast<std::uint32_t>(frame.size());
  std::string buffer(sizeof length + frame.size(), '\0');
  std::memcpy(buffer.data(), &length, sizeof length);
  std::memcpy(buffer.data() + sizeof length, frame.data(), frame.size());
  write_all(fd, buffer.data(), buffer.size());
}

std::optional<std::string> receive_frame(int fd) {
  std::array<char, sizeof(std::uint32_t)> header{};
  const std::size_t got = read_full(fd, header.data(), header.size());
  if (got == 0) {
    return std::nullopt;
  }
  if (got < header.size()) {
    throw ChannelError("receive_frame: the stream ended inside a frame header");
  }
  std::uint32_t length = 0;
  std::memcpy(&length, header.data(), sizeof length);
  if (length > kMaxFrame) {
    throw ChannelError("receive_frame: a header announces " + std::to_string(length) + " bytes");
  }
  std::string frame(length, '\0');
  if (read_full(fd, frame.data(), length) < length) {
    throw ChannelError("receive_frame: the stream ended inside a frame");
  }
  return frame;
}

}  // namespace lab09
