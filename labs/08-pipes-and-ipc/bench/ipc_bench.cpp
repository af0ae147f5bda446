// Pipe vs socketpair vs a ring in shared memory: how many bytes per second one process sends
// another, at 64 B, 4 KiB and 1 MiB messages. The pipe and the socketpair use your Connection.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "connection.hpp"
#include "shared_memory.hpp"
#include "shm_ring.hpp"

namespace lab08 {
namespace {

/// Sends messages of state.range(0) bytes to a child that receives them, until an empty one.
void through_connection(benchmark::State& state, bool duplex) {
  const std::string message(static_cast<std::size_t>(state.range(0)), 'm');
  try {
    ConnectionPair ends = make_pipe(duplex);
    ChildProcess reader([&] {
      ends.second.close();
      while (std::optional<std::string> got = ends.first.receive()) {
        if (got->empty()) {
          break;
        }
      }
      return 0;
    });
    ends.first.close();
    for (auto _ : state) {
      ends.second.send(message);
    }
    ends.second.send("");
    reader.wait();
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_Pipe(benchmark::State& state) {
  through_connection(state, false);
}

void BM_Socketpair(benchmark::State& state) {
  through_connection(state, true);
}

/// The floor a Connection is held to: the same bytes through a bare pipe, sent with a plain
/// write() loop and read in 64 KiB gulps, with no framing at all.
void BM_PlainPipeLoop(benchmark::State& state) {
  const std::string message(static_cast<std::size_t>(state.range(0)), 'm');
  int fds[2];
  if (::pipe(fds) != 0) {
    state.SkipWithError("pipe() failed");
    return;
  }
  ChildProcess reader([&] {
    ::close(fds[1]);
    std::vector<char> buffer(std::size_t{1} << 16);
    while (::read(fds[0], buffer.data(), buffer.size()) > 0) {
    }
    return 0;
  });
  ::close(fds[0]);
  for (auto _ : state) {
    for (std::size_t sent = 0; sent < message.size();) {
      const ssize_t wrote = ::write(fds[1], message.data() + sent, message.size() - sent);
      if (wrote <= 0) {
        state.SkipWithError("write() failed");
        break;
      }
      sent += static_cast<std::size_t>(wrote);
    }
  }
  ::close(fds[1]);
  reader.wait();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_SharedMemoryRing(benchmark::State& state) {
  const std::string message(static_cast<std::size_t>(state.range(0)), 'm');
  SharedObject<ShmRing> ring;
  ChildProcess reader([&] {
    while (!ring->receive().empty()) {
    }
    return 0;
  });
  for (auto _ : state) {
    ring->send(message);
  }
  ring->send("");
  reader.wait();
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

BENCHMARK(BM_PlainPipeLoop)->Arg(64)->Arg(4 << 10)->Arg(1 << 20)->UseRealTime();
BENCHMARK(BM_Pipe)->Arg(64)->Arg(4 << 10)->Arg(1 << 20)->UseRealTime();
BENCHMARK(BM_Socketpair)->Arg(64)->Arg(4 << 10)->Arg(1 << 20)->UseRealTime();
BENCHMARK(BM_SharedMemoryRing)->Arg(64)->Arg(4 << 10)->Arg(1 << 20)->UseRealTime();

}  // namespace
}  // namespace lab08
