// Race: many producers and consumers at once. Run under ThreadSanitizer too (--tsan), and under
// seeded chaos scheduling (lab.json "chaos_runs"), which widens the gaps between their steps.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "blocking_queue.hpp"
#include "conclab/testing/under_chaos.hpp"
#include "file_copier.hpp"
#include "scratch_files.hpp"
#include "sleeping_threads.hpp"
#include "worker_pool.hpp"

namespace lab04 {
namespace {

using namespace std::chrono_literals;
using testing::SleepingThreads;

#ifdef CONCLAB_UNDER_SANITIZER
constexpr int kItemsPerProducer = 1'000;  // the sanitizer finds a race without the volume
#else
constexpr int kItemsPerProducer = 5'000;
#endif
constexpr int kProducers = 4;
constexpr int kConsumers = 4;

/// The item that producer `producer` pushes `index`-th: unique over all producers.
constexpr int item_of(int producer, int index) {
  return producer * kItemsPerProducer + index;
}

/// Passes when `received` holds every item of every producer exactly once; otherwise names
/// the first item lost or duplicated.
::testing::AssertionResult each_item_exactly_once(std::vector<int> received) {
  std::sort(received.begin(), received.end());
  const int expected_count = kProducers * kItemsPerProducer;
  for (int item = 0; item < expected_count; ++item) {
    const auto [first, last] = std::equal_range(received.begin(), received.end(), item);
    if (first == last) {
      return ::testing::AssertionFailure()
             << "item " << item << " was pushed but never popped (lost); " << received.size()
             << " of " << expected_count << " items arrived";
    }
    if (last - first > 1) {
      return ::testing::AssertionFailure()
             << "item " << item << " was popped " << (last - first) << " times (duplicated)";
    }
  }
  if (received.size() != static_cast<std::size_t>(expected_count)) {
    return ::testing::AssertionFailure()
           << received.size() << " items arrived, but only " << expected_count << " were pushed";
  }
  return ::testing::AssertionSuccess();
}

/// What one consumer saw.
struct ConsumerLog {
  std::vector<int> items;           ///< Everything it popped, in order.
  bool ended_before_close = false;  ///< Whether pop() said "closed" while the queue was open.
};

/// Pops until the queue says "closed and drained" after `closed` was set. An earlier "closed
/// and drained" is noted, and the consumer carries on: were it to stop, the producers could
/// wait for room for ever, and the test would hang instead of failing.
void consume_until_closed(BlockingQueue<int>& queue, const std::atomic<bool>& closed,
                          ConsumerLog& log) {
  while (true) {
    if (const std::optional<int> item = queue.pop()) {
      log.items.push_back(*item);
    } else if (closed.load()) {
      return;
    } else {
      log.ended_before_close = true;
    }
  }
}

TEST(BlockingQueue, ManyProducersAndConsumersLoseAndDuplicateNothing) {
  BlockingQueue<int> queue(16);
  std::atomic<bool> closed = false;
  std::vector<ConsumerLog> logs(kConsumers);
  {
    std::vector<std::jthread> consumers;
    consumers.reserve(logs.size());
    for (auto& log : logs) {
      consumers.emplace_back([&] { consume_until_closed(queue, closed, log); });
    }
    {
      std::vector<std::jthread> producers;
      producers.reserve(kProducers);
      for (int producer = 0; producer < kProducers; ++producer) {
        producers.emplace_back([&queue, producer] {
          for (int index = 0; index < kItemsPerProducer; ++index) {
            ASSERT_TRUE(queue.push(item_of(producer, index)))
                << "push() refused an item although nobody closed the queue";
          }
        });
      }
    }  // every producer has finished
    closed = true;
    queue.close();
  }  // every consumer has drained the queue and stopped
  std::vector<int> received;
  for (std::size_t consumer = 0; consumer < logs.size(); ++consumer) {
    EXPECT_FALSE(logs[consumer].ended_before_close)
        << "consumer " << consumer << "'s pop() said \"closed and drained\" before close(): it "
        << "returned after waking up to an empty queue";
    // First in, first out: one consumer sees each producer's items in the order pushed.
    for (int producer = 0; producer < kProducers; ++producer) {
      std::vector<int> from_producer;
      std::copy_if(logs[consumer].items.begin(), logs[consumer].items.end(),
                   std::back_inserter(from_producer),
                   [&](int item) { return item / kItemsPerProducer == producer; });
      EXPECT_TRUE(std::is_sorted(from_producer.begin(), from_producer.end()))
          << "consumer " << consumer << " got producer " << producer << "'s items out of order";
    }
    received.insert(received.end(), logs[consumer].items.begin(), logs[consumer].items.end());
  }
  EXPECT_TRUE(each_item_exactly_once(received));
}

TEST(BlockingQueue, CapacityIsNeverExceeded) {
  // Producers outnumber slow consumers, so the queue stays full and producers keep waiting for
  // a slot: each slot freed is fought over. A watcher samples size() all along.
  constexpr std::size_t kCapacity = 2;
  constexpr int kItems = kItemsPerProducer / 10;  // per producer: every item waits for a slot
  BlockingQueue<int> queue(kCapacity);
  std::atomic<bool> closed = false;
  std::atomic<std::size_t> largest_seen = 0;
  auto note_size = [&] {
    const std::size_t size = queue.size();
    std::size_t largest = largest_seen.load();
    while (size > largest && !largest_seen.compare_exchange_weak(largest, size)) {
    }
  };
  std::vector<ConsumerLog> logs(2);
  {
    std::vector<std::jthread> consumers;
    consumers.reserve(logs.size());
    for (auto& log : logs) {
      consumers.emplace_back([&] {
        while (true) {
          if (const std::optional<int> item = queue.pop()) {
            log.items.push_back(*item);
            note_size();
            std::this_thread::yield();  // a little slower than the producers
          } else if (closed.load()) {
            return;
          } else {
            log.ended_before_close = true;  // noted, and on with it (see consume_until_closed)
          }
        }
      });
    }
    std::jthread watcher([&](const std::stop_token& stop) {
      while (!stop.stop_requested()) {
        note_size();
      }
    });
    {
      std::vector<std::jthread> producers;
      producers.reserve(kProducers);
      for (int producer = 0; producer < kProducers; ++producer) {
        producers.emplace_back([&, producer] {
          for (int index = 0; index < kItems; ++index) {
            ASSERT_TRUE(queue.push(item_of(producer, index)));
            note_size();
          }
        });
      }
    }
    closed = true;
    queue.close();
  }
  EXPECT_LE(largest_seen.load(), kCapacity)
      << "the queue held more items than its capacity: a producer that woke up added its item "
      << "without checking again that there was room (another producer had taken the slot)";
  std::size_t received = 0;
  for (const auto& log : logs) {
    EXPECT_FALSE(log.ended_before_close) << "a pop() said \"closed and drained\" before close()";
    received += log.items.size();
  }
  EXPECT_EQ(received, static_cast<std::size_t>(kProducers * kItems));
}

// The next two tests stage a stolen wake-up, many times over. A thread waits; the test makes
// the thing it waits for happen, which wakes the thread; then, before the woken thread has the
// lock back, the test takes that thing away again. The woken thread must see that, and wait
// again. (When the woken thread is quicker than the test, nothing was stolen: the round is
// played again, up to kMostAttempts times.) A correct thread never returns from a stolen round,
// so each one costs the full wait of give_time_to: the plain and ThreadSanitizer runs stage 20,
// the chaos runs (which only change the timing of a staging that needs none) a few.
int stolen_wake_ups() {
  return conclab::testing::under_chaos() ? 4 : 20;
}
constexpr int kMostAttempts = 400;

/// Waits up to 50 ms for `flag` to be set.
void give_time_to(const std::atomic<bool>& flag) {
  for (int i = 0; i < 50 && !flag.load(); ++i) {
    std::this_thread::sleep_for(1ms);
  }
}

TEST(BlockingQueue, AProducerWokenForASlotSomeoneElseTookWaitsAgain) {
  int stolen = 0;
  for (int attempt = 0; attempt < kMostAttempts && stolen < stolen_wake_ups(); ++attempt) {
    BlockingQueue<int> queue(1);
    ASSERT_TRUE(queue.push(-1));  // full
    SleepingThreads producer;
    std::atomic<bool> returned = false;
    std::jthread thread([&] {
      producer.sign_in();
      ASSERT_TRUE(queue.push(attempt));
      returned = true;
    });
    // Not asleep in time (a very busy machine) only makes the round prove less, unless the
    // producer did not wait at all.
    if (!producer.wait_until_asleep(1, 2s) && returned) {
      thread.join();
      FAIL() << "push() on a full queue returned at once instead of waiting for room";
    }
    ASSERT_EQ(queue.pop(), -1);  // frees the slot and wakes the producer...
    if (queue.try_push(-2)) {    // ...but the slot is taken again at once
      ++stolen;
      give_time_to(returned);
      ASSERT_LE(queue.size(), 1U)
          << "a producer woken for a free slot pushed although the slot had been taken "
          << "again (the queue held 2 items, capacity 1): wait with a predicate";
      ASSERT_EQ(queue.pop(), -2);  // now there is room for the waiting producer
    }
    thread.join();
    ASSERT_EQ(queue.pop(), attempt);
  }
  RecordProperty("stolen_wake_ups", stolen);
}

TEST(BlockingQueue, AConsumerWokenForAnItemSomeoneElseTookWaitsAgain) {
  int stolen = 0;
  for (int attempt = 0; attempt < kMostAttempts && stolen < stolen_wake_ups(); ++attempt) {
    BlockingQueue<int> queue(1);
    SleepingThreads consumer;
    std::atomic<bool> returned = false;
    std::optional<int> popped;
    std::jthread thread([&] {
      consumer.sign_in();
      popped = queue.pop();
      returned = true;
    });
    if (!consumer.wait_until_asleep(1, 2s) && returned) {
      thread.join();
      FAIL() << "pop() on an empty, open queue returned at once instead of waiting for an item";
    }
    ASSERT_TRUE(queue.push(-1));  // wakes the consumer...
    if (queue.pop_for(0ms)) {     // ...but the item is gone again at once
      ++stolen;
      give_time_to(returned);
      if (returned) {
        thread.join();
        FAIL() << "a consumer woken for an item that another thread took first returned "
               << (popped ? std::to_string(*popped) : "\"closed and drained\"")
               << " from an open, empty queue: wait with a predicate";
      }
      ASSERT_TRUE(queue.push(attempt));
      thread.join();
      ASSERT_EQ(popped, attempt);
    } else {
      thread.join();
      ASSERT_EQ(popped, -1);
    }
  }
  RecordProperty("stolen_wake_ups", stolen);
}

/// Calls try_push(item) until it succeeds; false when it has kept failing for 3 seconds.
bool push_with_retries(BlockingQueue<int>& queue, int item) {
  const auto give_up = std::chrono::steady_clock::now() + 3s;
  for (unsigned attempt = 1; !queue.try_push(item); ++attempt) {
    if (attempt % 1024 == 0 && std::chrono::steady_clock::now() > give_up) {
      return false;
    }
    std::this_thread::yield();  // full: try again
  }
  return true;
}

TEST(BlockingQueue, TryPushAndPopForLoseAndDuplicateNothing) {
  BlockingQueue<int> queue(8);
  std::atomic<int> producers_left = kProducers;
  std::vector<ConsumerLog> logs(kConsumers);
  {
    std::vector<std::jthread> consumers;
    consumers.reserve(logs.size());
    for (auto& log : logs) {
      consumers.emplace_back([&] {
        // Poll with a short timeout until the producers are done and the queue is empty.
        while (true) {
          const bool producing = producers_left.load() > 0;
          if (const auto item = queue.pop_for(1ms)) {
            log.items.push_back(*item);
          } else if (!producing) {
            return;
          }
        }
      });
    }
    std::vector<std::jthread> producers;
    producers.reserve(kProducers);
    for (int producer = 0; producer < kProducers; ++producer) {
      producers.emplace_back([&, producer] {
        for (int index = 0; index < kItemsPerProducer; ++index) {
          if (!push_with_retries(queue, item_of(producer, index))) {
            ADD_FAILURE() << "try_push() refused an item for 3 s although consumers kept "
                          << "popping";
            break;
          }
        }
        --producers_left;
      });
    }
  }
  std::vector<int> received;
  for (const auto& log : logs) {
    received.insert(received.end(), log.items.begin(), log.items.end());
  }
  EXPECT_TRUE(each_item_exactly_once(received));
}

TEST(TaskAccounting, JoinReturnsOnlyWhenEveryItemIsDone) {
  BlockingQueue<int> queue(16);
  std::atomic<int> done = 0;
  std::atomic<bool> closed = false;
  std::vector<std::jthread> consumers;
  consumers.reserve(kConsumers);
  for (int consumer = 0; consumer < kConsumers; ++consumer) {
    consumers.emplace_back([&] {
      while (!closed.load()) {  // (a "closed and drained" before close() is the other tests' job)
        if (queue.pop()) {
          ++done;  // the work on the item, finished before task_done()
          queue.task_done();
        }
      }
    });
  }
  {
    std::vector<std::jthread> producers;
    producers.reserve(kProducers);
    for (int producer = 0; producer < kProducers; ++producer) {
      producers.emplace_back([&, producer] {
        for (int index = 0; index < kItemsPerProducer; ++index) {
          ASSERT_TRUE(queue.push(item_of(producer, index)));
        }
      });
    }
  }
  queue.join();
  EXPECT_EQ(done.load(), kProducers * kItemsPerProducer)
      << "join() returned before every item was marked done";
  closed = true;
  queue.close();
  consumers.clear();
  EXPECT_THROW(queue.task_done(), std::logic_error) << "the count of unfinished items is off";
}

// join() is often a queue's last use: the thread it releases may free the queue at once, as
// here. So the thread whose task_done() lets join() return must be finished with the queue by
// then, its signal to join() included: one that signals after unlocking touches freed memory.
// Plain runs rarely show it; ThreadSanitizer reports the signal racing the free, every round.
TEST(TaskAccounting, AQueueCanBeFreedAsSoonAsJoinReturns) {
  constexpr int kRounds = 100;
  for (int round = 0; round < kRounds; ++round) {
    auto queue = std::make_unique<BlockingQueue<int>>(1);
    ASSERT_TRUE(queue->push(round));
    std::jthread consumer([&only = *queue] {
      if (only.pop()) {
        only.task_done();
      }
    });
    queue->join();
    queue.reset();  // while the consumer may still be on its way out of task_done()
  }
}

TEST(WorkerPool, JobsSubmittedFromManyThreadsEachRunOnce) {
  constexpr int kJobsPerSubmitter = kItemsPerProducer / 4;
  std::vector<std::atomic<int>> runs(std::size_t{kProducers} * kJobsPerSubmitter);
  WorkerPool pool(3, 8);
  {
    std::vector<std::jthread> submitters;
    submitters.reserve(kProducers);
    for (int submitter = 0; submitter < kProducers; ++submitter) {
      submitters.emplace_back([&, submitter] {
        for (int index = 0; index < kJobsPerSubmitter; ++index) {
          const auto job = static_cast<std::size_t>(submitter) * kJobsPerSubmitter +
                           static_cast<std::size_t>(index);
          pool.submit([&runs, job] { ++runs[job]; });
        }
      });
    }
  }
  pool.join();
  for (std::size_t job = 0; job < runs.size(); ++job) {
    ASSERT_EQ(runs[job].load(), 1) << "job " << job << " ran this many times";
  }
}

TEST(CopyFiles, FourWorkersCopySixteenFilesAtOnce) {
  testing::ScratchDir dir;
  std::vector<CopyJob> jobs;
  for (int i = 0; i < 16; ++i) {
    const std::string name = "file-" + std::to_string(i);
    testing::write_random_file(dir / name, 50'000 + 7 * static_cast<std::size_t>(i),
                               static_cast<std::uint64_t>(i));
    jobs.push_back({dir / name, dir / (name + ".copy")});
  }
  const auto results = copy_files(jobs, 4);
  ASSERT_EQ(results.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_TRUE(results[i].copied) << "file " << i << ": " << results[i].error;
    EXPECT_EQ(results[i].bytes, std::filesystem::file_size(jobs[i].source))
        << "result " << i << " does not describe jobs[" << i << "]";
    EXPECT_TRUE(testing::same_bytes(jobs[i].source, jobs[i].destination)) << "file " << i;
  }
}

}  // namespace
}  // namespace lab04
