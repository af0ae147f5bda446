// A byte ring in shared memory, for one writer process and one reader process: what a pipe does,
// without a system call per message. The writer waits (yielding) while the ring is full, the
// reader while it is empty.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>

#include "shared_memory.hpp"

namespace lab08 {

class ShmRing {
 public:
  static constexpr std::size_t kCapacity = std::size_t{256} << 10U;

  /// Writes all `size` bytes, waiting for room.
  void write(const char* data, std::size_t size) {
    while (size > 0) {
      const std::uint64_t head = head_.load(std::memory_order_relaxed);
      const std::size_t room =
          kCapacity - static_cast<std::size_t>(head - tail_.load(std::memory_order_acquire));
      if (room == 0) {
        std::this_thread::yield();
        continue;
      }
      const std::size_t n = copy_in(head, data, std::min(room, size));
      head_.store(head + n, std::memory_order_release);
      data += n;
      size -= n;
    }
  }

  /// Reads exactly `size` bytes, waiting for them.
  void read(char* data, std::size_t size) {
    while (size > 0) {
      const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
      const std::size_t ready =
          static_cast<std::size_t>(head_.load(std::memory_order_acquire) - tail);
      if (ready == 0) {
        std::this_thread::yield();
        continue;
      }
      const std::size_t n = copy_out(tail, data, std::min(ready, size));
      tail_.store(tail + n, std::memory_order_release);
      data += n;
      size -= n;
    }
  }

  /// A frame: the length, then the bytes.
  void send(const std::string& message) {
    const auto length = static_cast<std::uint32_t>(message.size());
    write(reinterpret_cast<const char*>(&length), sizeof length);
    write(message.data(), message.size());
  }

  std::string receive() {
    std::uint32_t length = 0;
    read(reinterpret_cast<char*>(&length), sizeof length);
    std::string message(length, '\0');
    read(message.data(), length);
    return message;
  }

 private:
  // Copies up to the end of the buffer; the caller loops for the part that wraps around.
  std::size_t copy_in(std::uint64_t at, const char* data, std::size_t size) {
    const std::size_t offset = at % kCapacity;
    const std::size_t n = std::min(size, kCapacity - offset);
    std::memcpy(bytes_ + offset, data, n);
    return n;
  }
  std::size_t copy_out(std::uint64_t at, char* data, std::size_t size) {
    const std::size_t offset = at % kCapacity;
    const std::size_t n = std::min(size, kCapacity - offset);
    std::memcpy(data, bytes_ + offset, n);
    return n;
  }

  alignas(64) std::atomic<std::uint64_t> head_{0};  // written by the writer only
  alignas(64) std::atomic<std::uint64_t> tail_{0};  // written by the reader only
  alignas(64) char bytes_[kCapacity];
};

}  // namespace lab08
