// Pipe vs socketpair vs a ring in shared memory: how many bytes per second one process sends
// another, at 64 B, 4 KiB and 1 MiB messages. The pipe and the socketpair use your Connection.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>

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

BENCHMARK(BM_Pipe)->Arg(64)->Arg(4 << 10)->Arg(1 << 20)->UseRealTime();
BENCHMARK(BM_Socketpair)->Arg(64)->Arg(4 << 10)->Arg(1 << 20)->UseRealTime();
BENCHMARK(BM_SharedMemoryRing)->Arg(64)->Arg(4 << 10)->Arg(1 << 20)->UseRealTime();

}  // namespace
}  // namespace lab08
