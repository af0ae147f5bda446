// Correctness: each piece does what its comment promises, with one or two threads at a time.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "blocking_queue.hpp"
#include "conclab/testing/spurious_wakeups.hpp"
#include "file_copier.hpp"
#include "scratch_files.hpp"
#include "sleeping_threads.hpp"
#include "worker_pool.hpp"

namespace lab04 {
namespace {

using namespace std::chrono_literals;
using testing::ScratchDir;
using testing::SleepingThreads;

/// Long enough for a thread that should block to be seen asleep, even on a busy machine.
constexpr auto kAsleepWithin = 2s;

// ---------------------------------------------------------------------------------------------
// Task 1: BlockingQueue

TEST(BlockingQueue, HandsOutItemsInTheOrderTheyCameIn) {
  BlockingQueue<int> queue(4);
  ASSERT_TRUE(queue.push(1)) << "push() refused an item although the queue had room";
  ASSERT_TRUE(queue.push(2));
  ASSERT_TRUE(queue.push(3));
  EXPECT_EQ(queue.size(), 3U);
  EXPECT_EQ(queue.pop(), 1);
  EXPECT_EQ(queue.pop(), 2);
  EXPECT_EQ(queue.pop(), 3);
  EXPECT_EQ(queue.size(), 0U);
}

TEST(BlockingQueue, TryPushRefusesOnlyWhenFull) {
  BlockingQueue<int> queue(2);
  EXPECT_EQ(queue.capacity(), 2U);
  EXPECT_TRUE(queue.try_push(1)) << "try_push() refused an item although the queue had room";
  EXPECT_TRUE(queue.try_push(2));
  EXPECT_FALSE(queue.try_push(3)) << "try_push() accepted a third item into a queue of capacity 2";
  EXPECT_EQ(queue.size(), 2U);
  EXPECT_EQ(queue.pop(), 1);
  EXPECT_TRUE(queue.try_push(3)) << "try_push() refused an item after a pop() made room";
  EXPECT_EQ(queue.pop(), 2);
  EXPECT_EQ(queue.pop(), 3);
}

TEST(BlockingQueue, ACapacityOfZeroIsRefused) {
  EXPECT_THROW(BlockingQueue<int>(0), std::invalid_argument);
}

TEST(BlockingQueue, CarriesItemsThatCanOnlyBeMoved) {
  BlockingQueue<std::unique_ptr<int>> queue(2);
  ASSERT_TRUE(queue.push(std::make_unique<int>(7)));
  ASSERT_TRUE(queue.try_push(std::make_unique<int>(8)));
  auto first = queue.pop();
  auto second = queue.pop_for(0ms);
  ASSERT_TRUE(first.has_value() && *first) << "pop() lost the item";
  ASSERT_TRUE(second.has_value() && *second) << "pop_for() lost the item";
  EXPECT_EQ(**first, 7);
  EXPECT_EQ(**second, 8);
}

TEST(BlockingQueue, PushWaitsWhileTheQueueIsFull) {
  BlockingQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  SleepingThreads producer;
  std::atomic<bool> pushed = false;
  std::jthread thread([&] {
    producer.sign_in();
    pushed = queue.push(2);
  });
  EXPECT_TRUE(producer.wait_until_asleep(1, kAsleepWithin))
      << "push() on a full queue returned instead of waiting for room";
  EXPECT_FALSE(pushed.load());
  EXPECT_EQ(queue.size(), 1U) << "push() added an item to a full queue";
  EXPECT_EQ(queue.pop(), 1);
  thread.join();  // the pop made room: the waiting push goes on
  EXPECT_TRUE(pushed.load()) << "the waiting push() failed after a pop() made room";
  EXPECT_EQ(queue.pop(), 2);
}

TEST(BlockingQueue, PopWaitsWhileTheQueueIsEmpty) {
  BlockingQueue<int> queue(1);
  SleepingThreads consumer;
  std::optional<int> popped;
  std::jthread thread([&] {
    consumer.sign_in();
    popped = queue.pop();
  });
  EXPECT_TRUE(consumer.wait_until_asleep(1, kAsleepWithin))
      << "pop() on an empty, open queue returned instead of waiting for an item";
  EXPECT_TRUE(queue.push(5));
  thread.join();
  EXPECT_EQ(popped, 5) << "the waiting pop() did not get the item pushed";
}

TEST(BlockingQueue, PopForGivesUpWhenNothingComes) {
  BlockingQueue<int> queue(1);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(queue.pop_for(40ms), std::nullopt);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 39ms)
      << "pop_for(40ms) returned before its time was up";
}

TEST(BlockingQueue, PopForTakesAnItemThatArrivesInTime) {
  BlockingQueue<int> queue(1);
  std::jthread producer([&] {
    std::this_thread::sleep_for(20ms);
    static_cast<void>(queue.push(9));
  });
  EXPECT_EQ(queue.pop_for(10s), 9) << "pop_for() did not wake up for an item pushed meanwhile";
}

TEST(BlockingQueue, PopForKeepsOneDeadlineHoweverOftenItIsWoken) {
  // A condition variable may wake a waiter with nothing changed (a spurious wake-up), and a
  // queue with several consumers wakes them for items that others then take. pop_for(T) must
  // give up about T after it was called all the same. Here every timed wait is woken every
  // 20 ms for the first 6T: a wait that starts T anew after each wake-up is still waiting when
  // the wake-ups stop, and gives up near 7T.
  if (!conclab::testing::SpuriousWakeups::available()) {
    GTEST_SKIP() << "spurious wake-ups cannot be caused under a sanitizer";
  }
  constexpr auto kTimeout = 300ms;
  constexpr auto kBound = 4 * kTimeout;  // generous: T, plus a busy machine's delays
  BlockingQueue<int> queue(1);
  const conclab::testing::SpuriousWakeups wakeups(20ms, 6 * kTimeout);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(queue.pop_for(kTimeout), std::nullopt);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, kTimeout - 1ms) << "pop_for(300ms) returned before its time was up";
  EXPECT_LT(waited, kBound)
      << "pop_for(300ms) gave up only after "
      << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count() << " ms, woken "
      << wakeups.caused() << " times with nothing in the queue: each wake-up started the 300 ms "
      << "again. Wait with a predicate (wait_for with a predicate keeps one deadline), or "
         "wait_until one deadline computed once";
}

TEST(BlockingQueue, PopForTakesAnItemAlreadyThereWithoutWaiting) {
  BlockingQueue<int> queue(1);
  ASSERT_TRUE(queue.push(4));
  EXPECT_EQ(queue.pop_for(0ms), 4);
}

TEST(BlockingQueue, AClosedQueueRefusesNewItems) {
  BlockingQueue<int> queue(2);
  EXPECT_FALSE(queue.is_closed());
  queue.close();
  EXPECT_TRUE(queue.is_closed());
  EXPECT_FALSE(queue.push(1)) << "push() accepted an item after close()";
  EXPECT_FALSE(queue.try_push(1)) << "try_push() accepted an item after close()";
  EXPECT_EQ(queue.size(), 0U);
  queue.close();  // closing twice is harmless
}

TEST(BlockingQueue, AClosedQueueStillHandsOutWhatItHolds) {
  BlockingQueue<int> queue(3);
  ASSERT_TRUE(queue.push(1));
  ASSERT_TRUE(queue.push(2));
  queue.close();
  EXPECT_EQ(queue.pop(), 1) << "close() must not throw away the items already queued";
  EXPECT_EQ(queue.pop_for(0ms), 2);
  EXPECT_EQ(queue.pop(), std::nullopt) << "pop() on a closed, drained queue must say so";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(queue.pop_for(10s), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s)
      << "pop_for() on a closed, drained queue waited instead of returning at once";
}

// ---------------------------------------------------------------------------------------------
// Task 2: task_done() and join()

TEST(TaskAccounting, JoinReturnsAtOnceWhenNothingWasPushed) {
  BlockingQueue<int> queue(1);
  queue.join();
  SUCCEED();
}

TEST(TaskAccounting, TaskDoneWithoutAnUnfinishedItemThrows) {
  BlockingQueue<int> queue(2);
  EXPECT_THROW(queue.task_done(), std::logic_error)
      << "task_done() on a queue that never had an item must throw, as Python raises ValueError";
  ASSERT_TRUE(queue.push(1));
  ASSERT_EQ(queue.pop(), 1);
  EXPECT_NO_THROW(queue.task_done());
  EXPECT_THROW(queue.task_done(), std::logic_error)
      << "a second task_done() for a single item must throw";
}

TEST(TaskAccounting, JoinWaitsForTaskDoneNotForAnEmptyQueue) {
  BlockingQueue<int> queue(2);
  ASSERT_TRUE(queue.push(1));
  ASSERT_TRUE(queue.try_push(2));
  ASSERT_EQ(queue.pop(), 1);
  ASSERT_EQ(queue.pop(), 2);  // the queue is empty, but two items are still being worked on
  queue.task_done();
  SleepingThreads joiner;
  std::atomic<bool> joined = false;
  std::jthread thread([&] {
    joiner.sign_in();
    queue.join();
    joined = true;
  });
  EXPECT_TRUE(joiner.wait_until_asleep(1, kAsleepWithin))
      << "join() returned while an item was still unfinished (1 task_done() for 2 items)";
  EXPECT_FALSE(joined.load());
  queue.task_done();
  thread.join();
  EXPECT_TRUE(joined.load());
}

// ---------------------------------------------------------------------------------------------
// Task 3: WorkerPool

TEST(WorkerPool, RunsEverySubmittedJobOnce) {
  std::vector<std::atomic<int>> runs(100);
  WorkerPool pool(4);
  EXPECT_EQ(pool.size(), 4U);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    pool.submit([&runs, i] { ++runs[i]; });
  }
  pool.join();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    ASSERT_EQ(runs[i].load(), 1) << "job " << i << " ran this many times";
  }
}

TEST(WorkerPool, RunsJobsOnItsOwnWorkerThreads) {
  std::mutex mutex;
  std::set<std::thread::id> ids;
  {
    WorkerPool pool(3);
    for (int i = 0; i < 30; ++i) {
      pool.submit([&] {
        const std::scoped_lock lock(mutex);
        ids.insert(std::this_thread::get_id());
      });
    }
  }  // the destructor shuts the pool down: every job has run
  EXPECT_FALSE(ids.empty()) << "no job ran";
  EXPECT_EQ(ids.count(std::this_thread::get_id()), 0U) << "a job ran on the caller's thread";
  EXPECT_LE(ids.size(), 3U) << "jobs ran on more threads than the pool has workers";
}

TEST(WorkerPool, JoinWaitsUntilEveryJobHasFinished) {
  constexpr std::size_t kJobs = 6;
  std::vector<std::atomic<bool>> finished(kJobs);
  WorkerPool pool(2);
  for (std::size_t i = 0; i < kJobs; ++i) {
    pool.submit([&finished, i] {
      std::this_thread::sleep_for(10ms);
      finished[i] = true;
    });
  }
  pool.join();
  for (std::size_t i = 0; i < kJobs; ++i) {
    EXPECT_TRUE(finished[i].load())
        << "job " << i << " was still running when join() returned: call task_done() only "
        << "once a job has finished";
  }
}

TEST(WorkerPool, ShutdownStillRunsTheJobsAlreadySubmitted) {
  std::atomic<int> runs = 0;
  WorkerPool pool(1);
  for (int i = 0; i < 20; ++i) {
    pool.submit([&] {
      std::this_thread::sleep_for(1ms);
      ++runs;
    });
  }
  pool.shutdown();
  EXPECT_EQ(runs.load(), 20) << "the pills must queue behind the jobs, not overtake them";
}

TEST(WorkerPool, SubmitAfterShutdownThrows) {
  WorkerPool pool(2);
  pool.submit([] {});
  pool.shutdown();
  EXPECT_THROW(pool.submit([] {}), std::logic_error)
      << "a job submitted after shutdown() would never run";
  pool.shutdown();  // a second shutdown is harmless
}

TEST(WorkerPool, ZeroWorkersAreRefused) {
  EXPECT_THROW(WorkerPool(0), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Task 4: the file copier

TEST(CopyOneFile, CopiesEveryByteExactly) {
  ScratchDir dir;
  testing::write_random_file(dir / "v1.bin", 3'000'017, 1);
  const CopyResult result = copy_one_file({dir / "v1.bin", dir / "v11.bin"});
  EXPECT_TRUE(result.copied) << result.error;
  EXPECT_TRUE(result.error.empty()) << "a successful copy has no error";
  EXPECT_EQ(result.bytes, 3'000'017U);
  EXPECT_TRUE(testing::same_bytes(dir / "v1.bin", dir / "v11.bin"))
      << "the copy differs from the original";
}

TEST(CopyOneFile, ReplacesAFileAlreadyThere) {
  ScratchDir dir;
  testing::write_random_file(dir / "new.bin", 1000, 2);
  testing::write_random_file(dir / "old.bin", 5000, 3);
  const CopyResult result = copy_one_file({dir / "new.bin", dir / "old.bin"});
  EXPECT_TRUE(result.copied) << result.error;
  EXPECT_TRUE(testing::same_bytes(dir / "new.bin", dir / "old.bin"));
}

TEST(CopyOneFile, ReportsAMissingSource) {
  ScratchDir dir;
  CopyResult result;
  ASSERT_NO_THROW(result = copy_one_file({dir / "missing.bin", dir / "copy.bin"}))
      << "a file that cannot be copied must be reported in the result, not thrown";
  EXPECT_FALSE(result.copied);
  EXPECT_NE(result.error.find("missing.bin"), std::string::npos)
      << "the error must name the file; it says: '" << result.error << "'";
  EXPECT_FALSE(std::filesystem::exists(dir / "copy.bin"));
}

TEST(CopyOneFile, ReportsADestinationThatCannotBeWritten) {
  ScratchDir dir;
  testing::write_random_file(dir / "source.bin", 1000, 4);
  testing::write_random_file(dir / "a-file", 10, 5);
  // The destination's folder is a regular file: no user, not even root, can write there.
  CopyResult result;
  ASSERT_NO_THROW(result = copy_one_file({dir / "source.bin", dir / "a-file" / "copy.bin"}));
  EXPECT_FALSE(result.copied);
  EXPECT_NE(result.error.find("source.bin"), std::string::npos)
      << "the error must name the file; it says: '" << result.error << "'";
}

/// `count` jobs copying in/file-i.bin (of different sizes around `size`) to out/file-i.bin.
std::vector<CopyJob> make_copy_jobs(const ScratchDir& dir, std::size_t count, std::size_t size) {
  std::filesystem::create_directories(dir / "in");
  std::filesystem::create_directories(dir / "out");
  std::vector<CopyJob> jobs;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = "file-" + std::to_string(i) + ".bin";
    testing::write_random_file(dir.path() / "in" / name, size + 1000 * i, 100 + i);
    jobs.push_back({dir.path() / "in" / name, dir.path() / "out" / name});
  }
  return jobs;
}

TEST(CopyFiles, CopiesEveryFileByteForByte) {
  ScratchDir dir;
  const auto jobs = make_copy_jobs(dir, 4, 1'500'000);
  const auto results = copy_files(jobs, 2);
  ASSERT_EQ(results.size(), jobs.size()) << "one result per job";
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_TRUE(results[i].copied) << "file " << i << ": " << results[i].error;
    EXPECT_EQ(results[i].bytes, std::filesystem::file_size(jobs[i].source))
        << "result " << i << " must describe jobs[" << i << "]";
    EXPECT_TRUE(testing::same_bytes(jobs[i].source, jobs[i].destination))
        << "file " << i << " was not copied exactly";
  }
}

TEST(CopyFiles, OneFailedFileDoesNotStopTheOthers) {
  ScratchDir dir;
  auto jobs = make_copy_jobs(dir, 5, 200'000);
  jobs[1].source = dir / "in" / "no-such-file.bin";
  testing::write_random_file(dir / "a-file", 10, 6);
  jobs[3].destination = dir / "a-file" / "copy.bin";
  const auto results = copy_files(jobs, 2);
  ASSERT_EQ(results.size(), jobs.size()) << "one result per job";
  for (const std::size_t i : {0U, 2U, 4U}) {
    EXPECT_TRUE(results[i].copied) << "file " << i << ": " << results[i].error;
    EXPECT_TRUE(testing::same_bytes(jobs[i].source, jobs[i].destination))
        << "file " << i << " was not copied exactly";
  }
  EXPECT_FALSE(results[1].copied) << "a missing source was reported as copied";
  EXPECT_NE(results[1].error.find("no-such-file.bin"), std::string::npos)
      << "the error of a missing source must name it; it says: '" << results[1].error << "'";
  EXPECT_FALSE(results[3].copied) << "an unwritable destination was reported as copied";
  EXPECT_FALSE(results[3].error.empty());
}

TEST(CopyFiles, CopiesAnEmptyFile) {
  ScratchDir dir;
  testing::write_file(dir / "empty", {});
  const std::vector<CopyJob> jobs = {{dir / "empty", dir / "empty-copy"}};
  const auto results = copy_files(jobs, 1);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_TRUE(results[0].copied) << results[0].error;
  EXPECT_EQ(results[0].bytes, 0U);
  EXPECT_TRUE(std::filesystem::exists(dir / "empty-copy"));
}

TEST(CopyFiles, NoJobsGiveNoResults) {
  EXPECT_TRUE(copy_files({}, 3).empty());
}

}  // namespace
}  // namespace lab04
