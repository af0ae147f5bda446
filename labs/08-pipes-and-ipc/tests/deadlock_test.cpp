// Deadlock: nothing waits for ever. More data than a pipe holds still flows (drain before
// join); a reader whose writer died sees the end; a writer whose reader died gets an error,
// not death by SIGPIPE; every consumer stops on its pill. A stuck test is ended by the
// watchdog, whose report names each process of the test and what it waits in.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "connection.hpp"
#include "ipc_testing.hpp"
#include "process_queue.hpp"
#include "seed_examples.hpp"

namespace lab08 {
namespace {

using testing::NoChildLeft;

class DrainBeforeJoin : public NoChildLeft {};
class DeadPeer : public NoChildLeft {};
class Pills : public NoChildLeft {};

TEST_F(DrainBeforeJoin, ResultsFarBeyondThePipesCapacityAllArrive) {
  // 2 x 20 000 results of about 17 bytes each: ten times what a pipe holds (64 KiB on Linux).
  std::vector<int> numbers(20'000);
  std::iota(numbers.begin(), numbers.end(), -10'000);
  const std::vector<long long> results = square_and_cube(numbers);
  ASSERT_EQ(results.size(), 2 * numbers.size());
  long long sum = 0;
  for (const long long value : results) {
    sum += value;
  }
  long long expected = 0;
  for (const long long n : numbers) {
    expected += n * n + n * n * n;
  }
  EXPECT_EQ(sum, expected);
}

TEST_F(DeadPeer, AReaderWhoseWriterExitedSeesTheEnd) {
  const std::vector<std::string> messages = collect_from_child([](Connection& out) {
    out.send("one");
    out.send("two");
    ::_exit(3);  // gone without a word
  });
  EXPECT_EQ(messages, (std::vector<std::string>{"one", "two"}));
}

TEST_F(DeadPeer, AReaderWhoseWriterWasKilledInsideAMessageKeepsTheWholeOnes) {
  const std::vector<std::string> messages = collect_from_child([](Connection& out) {
    out.send("whole");
    testing::write_raw_header(out.write_fd(), 1000);
    (void)!::write(out.write_fd(), "cut", 3);
    ::raise(SIGKILL);
  });
  EXPECT_EQ(messages, (std::vector<std::string>{"whole"}));
}

/// Runs `write` in a child process: 0 when it threw PeerClosed, 1 when it returned, 70 when it
/// threw something else, 141 when SIGPIPE killed it.
int exit_of_writer(const std::function<void()>& write) {
  ChildProcess writer([&] {
    try {
      write();
    } catch (const PeerClosed&) {
      return 0;
    }
    return 1;
  });
  return writer.wait();
}

constexpr const char* kWriterExits =
    "exit 141 is death by SIGPIPE: ignore SIGPIPE so that write() fails with EPIPE, and throw "
    "PeerClosed; exit 1: send() returned as if someone had read the message; exit 70: send() "
    "threw something else than PeerClosed";

TEST_F(DeadPeer, AWriterWhoseReaderClosedGetsPeerClosedAndLives) {
  EXPECT_EQ(exit_of_writer([] {
              ConnectionPair pipe = make_pipe(/*duplex=*/false);
              pipe.first.close();
              pipe.second.send("anyone there?");
            }),
            0)
      << kWriterExits;
}

TEST_F(DeadPeer, AWriterWhoseReaderProcessDiedMidMessageGetsPeerClosed) {
  ConnectionPair channel = make_pipe(/*duplex=*/true);
  ChildProcess reader([&] {
    channel.first.close();
    char some[100];
    (void)!::read(channel.second.read_fd(), some, sizeof some);
    return 0;  // leaves with the rest of the message unread
  });
  channel.second.close();
  EXPECT_EQ(exit_of_writer([&] {
              const std::string big(std::size_t{4} << 20U, 'z');  // more than the buffers hold
              channel.first.send(big);
            }),
            0)
      << kWriterExits;
  EXPECT_EQ(reader.wait(), 0);
  EXPECT_EQ(exit_of_writer([&] { channel.first.send("again?"); }), 0) << kWriterExits;
}

TEST_F(Pills, EveryConsumerProcessStopsOnItsPill) {
  constexpr int kConsumers = 3;
  ProcessQueue queue;
  std::vector<ChildProcess> consumers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.emplace_back([&] {
      while (queue.get()) {
      }
      return 0;
    });
  }
  for (int i = 0; i < 30; ++i) {
    queue.put("job " + std::to_string(i));
  }
  queue.put_pills(kConsumers);
  for (ChildProcess& consumer : consumers) {
    EXPECT_EQ(consumer.wait(), 0);
  }
}

}  // namespace
}  // namespace lab08
