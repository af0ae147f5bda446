// Correctness: messages arrive whole and in order through pipes and socketpairs, between
// processes too; partial reads and writes, and signals in the middle of them, lose nothing;
// malformed streams are errors; the seed examples say what they should.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "connection.hpp"
#include "ipc_testing.hpp"
#include "process_queue.hpp"
#include "seed_examples.hpp"

namespace lab08 {
namespace {

using namespace std::chrono_literals;
using testing::NoChildLeft;

/// Bytes whose value depends on their position, so that a lost or repeated piece shows.
std::string patterned(std::size_t size, int seed) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<char>((i * 131 + i / 4093 + static_cast<std::size_t>(seed)) % 251);
  }
  return bytes;
}

class Pipe : public NoChildLeft {};
class Duplex : public NoChildLeft {};
class GreetFromChild : public NoChildLeft {};
class SquareAndCube : public NoChildLeft {};
class CollectFromChild : public NoChildLeft {};
class Queue : public NoChildLeft {};

TEST_F(Pipe, CarriesMessagesInOrderAndKeepsAnEmptyOneApartFromTheEnd) {
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  pipe.second.send("first");
  pipe.second.send("");
  pipe.second.send(std::string("with\0zero", 9));
  EXPECT_EQ(pipe.first.receive(), std::optional<std::string>("first"));
  EXPECT_EQ(pipe.first.receive(), std::optional<std::string>(""))
      << "an empty message is a message, not the end of the stream";
  EXPECT_EQ(pipe.first.receive(), std::optional<std::string>(std::string("with\0zero", 9)));
}

TEST_F(Pipe, EachEndOfAOneWayPipeRefusesTheOtherDirection) {
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  EXPECT_GE(pipe.first.read_fd(), 0);
  EXPECT_EQ(pipe.first.write_fd(), -1);
  EXPECT_EQ(pipe.second.read_fd(), -1);
  EXPECT_GE(pipe.second.write_fd(), 0);
  EXPECT_THROW(pipe.first.send("x"), ChannelError);
  EXPECT_THROW((void)pipe.second.receive(), ChannelError);
}

TEST_F(Pipe, ReceiveGivesNothingOnceTheWriterHasClosed) {
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  pipe.second.send("last");
  pipe.second.close();
  EXPECT_EQ(pipe.first.receive(), std::optional<std::string>("last"));
  EXPECT_EQ(pipe.first.receive(), std::nullopt);
  EXPECT_EQ(pipe.first.receive(), std::nullopt) << "the end stays the end";
}

TEST_F(Pipe, AStreamCutInsideAHeaderOrAMessageIsAnError) {
  {
    ConnectionPair pipe = make_pipe(/*duplex=*/false);
    testing::write_raw_header(pipe.second.write_fd(), 100);
    ASSERT_EQ(::write(pipe.second.write_fd(), "0123456789", 10), 10);
    pipe.second.close();
    EXPECT_THROW((void)pipe.first.receive(), ChannelError) << "10 of 100 announced bytes came";
  }
  {
    ConnectionPair pipe = make_pipe(/*duplex=*/false);
    ASSERT_EQ(::write(pipe.second.write_fd(), "\x05\x00", 2), 2);
    pipe.second.close();
    EXPECT_THROW((void)pipe.first.receive(), ChannelError) << "2 of the 4 header bytes came";
  }
}

TEST_F(Pipe, AHeaderAnnouncingMoreThanTheLimitIsRefusedAtOnce) {
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  testing::write_raw_header(pipe.second.write_fd(), 0xFFFF'FFF0U);
  // The writer stays open: a reader that believed the header would wait for ever.
  EXPECT_THROW((void)pipe.first.receive(), ChannelError);
}

TEST_F(Pipe, SendRefusesAMessageOverTheLimit) {
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  const std::string huge(kMaxMessageSize + 1, 'x');
  EXPECT_THROW(pipe.second.send(huge), std::length_error);
}

TEST_F(Pipe, AMessageManyTimesBiggerThanThePipeArrivesWholeFromAChild) {
  const std::string big = patterned(std::size_t{3} << 20U, 1);
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  ChildProcess child([&] {
    pipe.first.close();
    pipe.second.send(big);
    return 0;
  });
  pipe.second.close();
  const std::optional<std::string> got = pipe.first.receive();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->size(), big.size());
  EXPECT_TRUE(*got == big) << "the bytes differ from what the child sent";
  EXPECT_EQ(child.wait(), 0);
}

TEST_F(Pipe, AWriteInterruptedBySignalsStillDeliversEveryByte) {
  const testing::InterruptingSignal interrupting;
  const std::string big = patterned(std::size_t{2} << 20U, 2);
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  ChildProcess child([&] {
    pipe.first.close();
    pipe.second.send(big);  // blocks again and again on the full pipe; signals interrupt it
    return 0;
  });
  pipe.second.close();
  // Read slowly in pieces. Between two reads the writer is signalled twice: the first signal
  // may cut a write() short, the second finds a write() that could not write anything yet.
  std::string received;
  std::vector<char> chunk(32 * 1024);
  for (;;) {
    for (int i = 0; i < 2; ++i) {
      ::kill(child.pid(), SIGUSR1);
      std::this_thread::sleep_for(1ms);
    }
    const ssize_t got = ::read(pipe.first.read_fd(), chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    received.append(chunk.data(), static_cast<std::size_t>(got));
  }
  EXPECT_EQ(child.wait(), 0) << "the child's send() threw (exit 70) or it died of a signal";
  ASSERT_EQ(received.size(), kHeaderSize + big.size());
  std::uint32_t length = 0;
  std::memcpy(&length, received.data(), kHeaderSize);
  EXPECT_EQ(length, big.size());
  EXPECT_TRUE(received.compare(kHeaderSize, std::string::npos, big) == 0)
      << "bytes were lost or repeated around an interrupted write";
}

TEST_F(Pipe, AReadInterruptedBySignalsStillGetsEveryByte) {
  const testing::InterruptingSignal interrupting;
  const std::string big = patterned(std::size_t{1} << 20U, 3);
  ConnectionPair pipe = make_pipe(/*duplex=*/false);
  ChildProcess child([&] {
    pipe.second.close();
    const std::optional<std::string> got = pipe.first.receive();
    return got && *got == big ? 0 : 1;
  });
  pipe.first.close();
  const int fd = pipe.second.write_fd();
  testing::write_raw_header(fd, static_cast<std::uint32_t>(big.size()));
  constexpr std::size_t kPiece = 8 * 1024;
  for (std::size_t at = 0; at < big.size(); at += kPiece) {
    ::kill(child.pid(), SIGUSR1);  // the reader is waiting for this piece: interrupt it
    std::this_thread::sleep_for(50us);
    write_all(fd, big.data() + at, std::min(kPiece, big.size() - at));
  }
  pipe.second.close();
  EXPECT_EQ(child.wait(), 0)
      << "exit 1: the child received other bytes; 70: its receive() threw; above 128: a signal";
}

TEST_F(Duplex, EachEndSendsAndReceivesAcrossProcesses) {
  ConnectionPair channel = make_pipe(/*duplex=*/true);
  ChildProcess echo([&] {
    channel.first.close();
    while (std::optional<std::string> message = channel.second.receive()) {
      std::reverse(message->begin(), message->end());
      channel.second.send(*message);
    }
    return 0;
  });
  channel.second.close();
  for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{100},
                                 std::size_t{PIPE_BUF + 1}, std::size_t{300'000}}) {
    const std::string message = patterned(size, static_cast<int>(size));
    channel.first.send(message);
    std::string expected = message;
    std::reverse(expected.begin(), expected.end());
    const std::optional<std::string> reply = channel.first.receive();
    ASSERT_TRUE(reply.has_value()) << "no reply to a message of " << size << " bytes";
    EXPECT_TRUE(*reply == expected) << "a message of " << size << " bytes came back changed";
  }
  channel.first.close();  // the echo sees the end and stops
  EXPECT_EQ(echo.wait(), 0);
}

TEST_F(GreetFromChild, TheChildNamesItselfAndItsParent) {
  const Greeting greeting = greet_from_child("Process-1");
  EXPECT_GT(greeting.child, 0);
  EXPECT_NE(greeting.child, ::getpid()) << "the greeting must come from another process";
  EXPECT_EQ(greeting.text, "Hello from Process-1\nppid = " + std::to_string(::getpid()) +
                               "\npid = " + std::to_string(greeting.child));
}

TEST_F(GreetFromChild, EveryCallIsANewChild) {
  const Greeting first = greet_from_child("Process-1");
  const Greeting second = greet_from_child("Process-2");
  EXPECT_NE(first.child, second.child);
  EXPECT_TRUE(second.text.starts_with("Hello from Process-2\n")) << second.text;
}

TEST_F(SquareAndCube, GivesEverySquareAndCubeEachProducerInItsOrder) {
  // Squares and cubes of these are all different, so each result tells who made it.
  const std::vector<int> numbers = {2, 3, 5, 7, -4, 11};
  const std::vector<long long> results = square_and_cube(numbers);
  std::vector<long long> squares;
  std::vector<long long> cubes;
  const std::vector<long long> want_squares = {4, 9, 25, 49, 16, 121};
  const std::vector<long long> want_cubes = {8, 27, 125, 343, -64, 1331};
  for (const long long value : results) {
    if (std::find(want_squares.begin(), want_squares.end(), value) != want_squares.end()) {
      squares.push_back(value);
    } else {
      cubes.push_back(value);
    }
  }
  EXPECT_EQ(results.size(), 12U);
  EXPECT_EQ(squares, want_squares) << "each producer's results arrive in the order it put them";
  EXPECT_EQ(cubes, want_cubes);
}

TEST_F(CollectFromChild, ReturnsEveryMessageTheChildSent) {
  const std::vector<std::string> messages = collect_from_child([](Connection& out) {
    for (int i = 0; i < 5; ++i) {
      out.send("message " + std::to_string(i) + " from " + std::to_string(::getpid()));
    }
  });
  ASSERT_EQ(messages.size(), 5U);
  EXPECT_TRUE(messages[4].starts_with("message 4 from ")) << messages[4];
  EXPECT_EQ(messages[0].substr(messages[0].rfind(' ') + 1),
            messages[4].substr(messages[4].rfind(' ') + 1));
}

TEST_F(Queue, OneProcessGetsBackWhatItPutInOrderThenOnePillPerConsumer) {
  ProcessQueue queue;
  queue.put("a");
  queue.put("");
  queue.put(testing::tagged_message(0, 3));  // 12 KiB: several pages, one pipe holds it
  queue.put_pills(2);
  EXPECT_EQ(queue.get(), std::optional<std::string>("a"));
  EXPECT_EQ(queue.get(), std::optional<std::string>(""))
      << "an empty message is a message, not a pill";
  EXPECT_EQ(queue.get(), std::optional<std::string>(testing::tagged_message(0, 3)));
  EXPECT_EQ(queue.get(), std::nullopt);
  EXPECT_EQ(queue.get(), std::nullopt);
}

TEST_F(Queue, CarriesMessagesFromAChildProcess) {
  ProcessQueue queue;
  ChildProcess producer([&] {
    for (int i = 0; i < 12; ++i) {
      queue.put(testing::tagged_message(1, i));
    }
    return 0;
  });
  for (int i = 0; i < 12; ++i) {
    const std::optional<std::string> message = queue.get();
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(testing::check_tagged(*message), (std::pair{1, i}));
  }
  EXPECT_EQ(producer.wait(), 0);
}

}  // namespace
}  // namespace lab08
