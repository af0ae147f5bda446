// Race: many producers and consumers at once, in separate processes and in threads of one
// process, lose, duplicate and tear no message, round after round. ThreadSanitizer sees only
// the threads of one process; between processes, the exact results are the proof.
#include <gtest/gtest.h>
#include <poll.h>

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "child_process.hpp"
#include "connection.hpp"
#include "ipc_testing.hpp"
#include "process_queue.hpp"

namespace lab08 {
namespace {

using testing::check_tagged;
using testing::NoChildLeft;
using testing::tagged_message;

constexpr int kRounds = 3;

class QueueRace : public NoChildLeft {};

/// A consumer process: takes messages until its pill and reports each one to the parent, as
/// "P S" for a whole message, or "BAD ..." for a torn one or a failed get().
int consume_and_report(ProcessQueue& queue, Connection& report) {
  try {
    while (std::optional<std::string> message = queue.get()) {
      const auto id = check_tagged(*message);
      report.send(id ? std::to_string(id->first) + ' ' + std::to_string(id->second)
                     : "BAD torn message of " + std::to_string(message->size()) +
                           " bytes: " + message->substr(0, 24));
    }
  } catch (const std::exception& error) {
    report.send(std::string("BAD get() threw: ") + error.what());
  }
  return 0;
}

/// Producers in processes, each with its own messages (sizes from 1 byte to 200 KB, far beyond
/// PIPE_BUF), and consumers in processes; returns how often each (producer, sequence) arrived,
/// or fails at the first torn message.
void run_processes(int producers, int consumers, int per_producer,
                   std::map<std::pair<int, int>, int>& seen) {
  ProcessQueue queue;
  std::vector<ConnectionPair> reports;
  std::vector<ChildProcess> consumer_processes;
  for (int c = 0; c < consumers; ++c) {
    reports.push_back(make_pipe(/*duplex=*/false));
    consumer_processes.emplace_back(
        [&, c] { return consume_and_report(queue, reports[static_cast<std::size_t>(c)].second); });
    reports.back().second.close();
  }
  std::vector<ChildProcess> producer_processes;
  for (int p = 0; p < producers; ++p) {
    producer_processes.emplace_back([&, p] {
      for (int s = 0; s < per_producer; ++s) {
        queue.put(tagged_message(p, s));
      }
      return 0;
    });
  }
  // Read the reports as they come, and put the pills once every producer has ended.
  bool pills_sent = false;
  std::size_t open_reports = reports.size();
  std::vector<bool> ended(reports.size(), false);
  while (open_reports > 0) {
    if (!pills_sent) {
      bool all_done = true;
      for (ChildProcess& producer : producer_processes) {
        if (producer.pid() > 0) {
          const std::optional<int> status = producer.poll();
          if (!status) {
            all_done = false;
          } else {
            ASSERT_EQ(*status, 0) << "a producer's put() threw (70) or it died of a signal";
          }
        }
      }
      if (all_done) {
        queue.put_pills(consumers);
        pills_sent = true;
      }
    }
    std::vector<pollfd> fds;
    for (std::size_t c = 0; c < reports.size(); ++c) {
      fds.push_back({ended[c] ? -1 : reports[c].first.read_fd(), POLLIN, 0});
    }
    ASSERT_GE(::poll(fds.data(), fds.size(), 10), 0);
    for (std::size_t c = 0; c < reports.size(); ++c) {
      if ((fds[c].revents & (POLLIN | POLLHUP)) == 0) {
        continue;
      }
      const std::optional<std::string> line = reports[c].first.receive();
      if (!line) {
        ended[c] = true;
        --open_reports;
        continue;
      }
      ASSERT_FALSE(line->starts_with("BAD")) << "consumer " << c << ": " << *line;
      std::istringstream fields(*line);
      std::pair<int, int> id;
      fields >> id.first >> id.second;
      ++seen[id];
    }
  }
  for (ChildProcess& consumer : consumer_processes) {
    EXPECT_EQ(consumer.wait(), 0);
  }
}

TEST_F(QueueRace, ProducerAndConsumerProcessesLoseDuplicateAndTearNothing) {
  constexpr int kProducers = 3;
  constexpr int kConsumers = 2;
  constexpr int kPerProducer = 36;
  for (int round = 0; round < kRounds; ++round) {
    std::map<std::pair<int, int>, int> seen;
    ASSERT_NO_FATAL_FAILURE(run_processes(kProducers, kConsumers, kPerProducer, seen))
        << "round " << round;
    for (int p = 0; p < kProducers; ++p) {
      for (int s = 0; s < kPerProducer; ++s) {
        ASSERT_EQ((seen[{p, s}]), 1) << "message " << s << " of producer " << p << " arrived "
                                     << seen[{p, s}] << " times (round " << round << ")";
      }
    }
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(kProducers * kPerProducer));
  }
}

/// How many pills producer `producer` puts right after its message `sequence`: 0, 1 or 2, on a
/// schedule of its own, so that each producer's pills fall between different messages.
int pills_after(int producer, int sequence) {
  return (sequence * (producer + 1) + producer) % 3;
}

TEST_F(QueueRace, PillsPutWhileOtherProcessesPutLandBetweenWholeFrames) {
  // put_pills() is a writer like put(): a pill sent while another producer is half-way through
  // a frame above PIPE_BUF must wait for that frame to end, not land inside it. Producers here
  // mix pills into their own messages; the parent takes everything and counts both.
  constexpr int kProducers = 3;
  constexpr int kPerProducer = 18;
  int pills_expected = 0;
  for (int p = 0; p < kProducers; ++p) {
    for (int s = 0; s < kPerProducer; ++s) {
      pills_expected += pills_after(p, s);
    }
  }
  for (int round = 0; round < kRounds; ++round) {
    ProcessQueue queue;
    std::vector<ChildProcess> producers;
    for (int p = 0; p < kProducers; ++p) {
      producers.emplace_back([&, p] {
        for (int s = 0; s < kPerProducer; ++s) {
          queue.put(tagged_message(p, s));
          if (const int pills = pills_after(p, s); pills > 0) {
            queue.put_pills(pills);
          }
        }
        return 0;
      });
    }
    std::map<std::pair<int, int>, int> seen;
    int pills = 0;
    for (int taken = 0; taken < kProducers * kPerProducer + pills_expected; ++taken) {
      std::optional<std::string> message;
      try {
        message = queue.get();
      } catch (const ChannelError& error) {
        FAIL() << "get() threw after " << taken << " frames (round " << round
               << "): a pill landed inside another producer's frame? " << error.what();
      }
      if (!message) {
        ++pills;
        continue;
      }
      const auto id = check_tagged(*message);
      ASSERT_TRUE(id.has_value()) << "a torn message of " << message->size()
                                  << " bytes, starting \"" << message->substr(0, 16) << "\" (round "
                                  << round << "): a pill landed inside another producer's frame";
      ++seen[*id];
    }
    for (ChildProcess& producer : producers) {
      EXPECT_EQ(producer.wait(), 0) << "a producer's put() or put_pills() threw, or it died";
    }
    EXPECT_EQ(pills, pills_expected) << "pills taken (round " << round << ")";
    for (int p = 0; p < kProducers; ++p) {
      for (int s = 0; s < kPerProducer; ++s) {
        ASSERT_EQ((seen[{p, s}]), 1) << "message " << s << " of producer " << p << " arrived "
                                     << seen[{p, s}] << " times (round " << round << ")";
      }
    }
  }
}

TEST_F(QueueRace, ThreadsOfOneProcessShareTheQueueToo) {
  constexpr int kProducers = 4;
  constexpr int kConsumers = 3;
  constexpr int kPerProducer = 30;
  for (int round = 0; round < kRounds; ++round) {
    ProcessQueue queue;
    std::mutex mutex;
    std::map<std::pair<int, int>, int> seen;
    std::vector<std::string> bad;
    {
      std::vector<std::jthread> consumers;
      for (int c = 0; c < kConsumers; ++c) {
        consumers.emplace_back([&] {
          try {
            while (std::optional<std::string> message = queue.get()) {
              const auto id = check_tagged(*message);
              const std::scoped_lock lock(mutex);
              if (id) {
                ++seen[*id];
              } else {
                bad.push_back("a torn message of " + std::to_string(message->size()) + " bytes");
              }
            }
          } catch (const std::exception& error) {
            const std::scoped_lock lock(mutex);
            bad.push_back(std::string("get() threw: ") + error.what());
          }
        });
      }
      {
        std::vector<std::jthread> producers;
        for (int p = 0; p < kProducers; ++p) {
          producers.emplace_back([&, p] {
            try {
              for (int s = 0; s < kPerProducer; ++s) {
                queue.put(tagged_message(p, s));
              }
            } catch (const std::exception& error) {
              const std::scoped_lock lock(mutex);
              bad.push_back(std::string("put() threw: ") + error.what());
            }
          });
        }
      }
      try {
        queue.put_pills(kConsumers);
      } catch (const std::exception& error) {
        const std::scoped_lock lock(mutex);
        bad.push_back(std::string("put_pills() threw: ") + error.what());
      }
    }
    ASSERT_EQ(bad, std::vector<std::string>{}) << "round " << round;
    for (int p = 0; p < kProducers; ++p) {
      for (int s = 0; s < kPerProducer; ++s) {
        ASSERT_EQ((seen[{p, s}]), 1)
            << "message " << s << " of producer thread " << p << " (round " << round << ")";
      }
    }
  }
}

}  // namespace
}  // namespace lab08
