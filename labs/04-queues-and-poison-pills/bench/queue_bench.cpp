// Lab 04 benchmark: items per second through your BlockingQueue with 2 producers and 2
// consumers, against moodycamel::BlockingConcurrentQueue (a lock-free queue) in the same run;
// then your queue across capacities, and your WorkerPool's cost per job.
//
// Every run moves the same items the same way: two producers push kItems / 2 items each, and
// two consumers take items until kItems have been taken, each claiming an item from a shared
// count before it waits for one. (Poison pills would not do here: moodycamel's queue is first in,
// first out only per producer, so a pill pushed last by the main thread can overtake items.)
// At the end the benchmark prints your queue's throughput as a fraction of moodycamel's.
#include <benchmark/benchmark.h>

#include <concurrentqueue/blockingconcurrentqueue.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "blocking_queue.hpp"
#include "worker_pool.hpp"

namespace {

constexpr int kItems = 200'000;
constexpr int kProducers = 2;
constexpr int kConsumers = 2;
constexpr int kNothing = -1;  ///< What a get() returns when a stub's pop() gave nothing.

/// Your queue, seen through the two calls the run needs.
struct LabQueue {
  explicit LabQueue(std::size_t capacity) : queue(capacity) {}
  void put(int item) { static_cast<void>(queue.push(item)); }
  int get() { return queue.pop().value_or(kNothing); }
  lab04::BlockingQueue<int> queue;
};

/// moodycamel's blocking queue, seen the same way. It has no bound: enqueue never waits.
struct MoodycamelQueue {
  explicit MoodycamelQueue(std::size_t /*capacity*/) {}
  void put(int item) { queue.enqueue(item); }
  int get() {
    int item = kNothing;
    queue.wait_dequeue(item);
    return item;
  }
  moodycamel::BlockingConcurrentQueue<int> queue;
};

/// Moves kItems items from kProducers producers to kConsumers consumers through one Queue;
/// returns how many items the consumers received (kItems when nothing was lost).
template <typename Queue>
std::int64_t move_items(std::size_t capacity) {
  Queue queue(capacity);
  std::atomic<std::int64_t> unclaimed = kItems;
  std::atomic<std::int64_t> received = 0;
  std::vector<std::jthread> consumers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.emplace_back([&] {
      std::int64_t mine = 0;
      while (unclaimed.fetch_sub(1, std::memory_order_relaxed) > 0) {
        mine += queue.get() != kNothing ? 1 : 0;
      }
      received += mine;
    });
  }
  {
    std::vector<std::jthread> producers;
    for (int p = 0; p < kProducers; ++p) {
      producers.emplace_back([&] {
        for (int i = 0; i < kItems / kProducers; ++i) {
          queue.put(i);
        }
      });
    }
  }
  consumers.clear();
  return received.load();
}

template <typename Queue>
void bench_queue(benchmark::State& state) {
  const auto capacity = static_cast<std::size_t>(state.range(0));
  if (move_items<Queue>(capacity) != kItems) {
    state.SkipWithError("items were lost (is the BlockingQueue still a stub?)");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(move_items<Queue>(capacity));
  }
  state.SetItemsProcessed(state.iterations() * kItems);
}

/// Items per second of the two 2-producer, 2-consumer runs, by the benchmark's name.
struct Throughputs {
  double lab = 0;
  double moodycamel = 0;
};

Throughputs& throughputs() {
  static Throughputs figures;
  return figures;
}

void BM_BlockingQueue_2P2C(benchmark::State& state) {
  bench_queue<LabQueue>(state);
}

void BM_Moodycamel_2P2C(benchmark::State& state) {
  bench_queue<MoodycamelQueue>(state);
}

BENCHMARK(BM_BlockingQueue_2P2C)->Arg(1024)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Moodycamel_2P2C)->Arg(1024)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Your queue at capacities 1 to 4096: how much a small bound costs.
void BM_BlockingQueue_Capacity(benchmark::State& state) {
  bench_queue<LabQueue>(state);
}

BENCHMARK(BM_BlockingQueue_Capacity)
    ->RangeMultiplier(4)
    ->Range(1, 4096)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

/// Jobs per second through your WorkerPool with 2 workers, each job doing nothing: the cost of
/// a submit, a pop, a std::function call and a task_done.
void BM_WorkerPool_EmptyJobs(benchmark::State& state) {
  constexpr int kJobs = 50'000;
  std::atomic<int> ran = 0;
  {
    lab04::WorkerPool pool(2);
    pool.submit([&] { ++ran; });
    pool.join();
  }
  if (ran.load() != 1) {
    state.SkipWithError("the job did not run (is the WorkerPool still a stub?)");
    return;
  }
  for (auto _ : state) {
    lab04::WorkerPool pool(2);
    for (int i = 0; i < kJobs; ++i) {
      pool.submit([] {});
    }
    pool.join();
  }
  state.SetItemsProcessed(state.iterations() * kJobs);
}

BENCHMARK(BM_WorkerPool_EmptyJobs)->UseRealTime()->Unit(benchmark::kMillisecond);

/// The console output, noting the items per second of the two runs compared.
class ComparingReporter final : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const auto rate = run.counters.find("items_per_second");
      // With --benchmark_repetitions, the median stands for the repetitions.
      const bool other_aggregate =
          run.run_type == Run::RT_Aggregate && run.aggregate_name != "median";
      if (run.error_occurred || rate == run.counters.end() || other_aggregate) {
        continue;
      }
      const std::string name = run.benchmark_name();
      if (name.rfind("BM_BlockingQueue_2P2C", 0) == 0) {
        throughputs().lab = rate->second.value;
      } else if (name.rfind("BM_Moodycamel_2P2C", 0) == 0) {
        throughputs().moodycamel = rate->second.value;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return EXIT_FAILURE;
  }
  ComparingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  const Throughputs& figures = throughputs();
  if (figures.lab > 0 && figures.moodycamel > 0) {
    std::printf(
        "\nYour BlockingQueue, 2 producers and 2 consumers: %.2f M items/s, %.2fx "
        "moodycamel's %.2f M items/s (the goal: 0.5x or more).\n",
        figures.lab / 1e6, figures.lab / figures.moodycamel, figures.moodycamel / 1e6);
  }
  return EXIT_SUCCESS;
}
