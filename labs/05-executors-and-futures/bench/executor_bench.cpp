// Lab 05 benchmark: what a task costs on your ThreadPoolExecutor, side by side with oneTBB's
// tbb::task_group and std::async, in one run. Read the ns/task column (lower is better).
//
//   EmptyTask/*     fire and forget: a batch of empty tasks, then wait until all have run.
//                   Executor: execute() (no future at all); TBB: task_group::run + wait().
//   FutureTask/*    a task whose future is kept and waited for: executor.submit(), std::async,
//                   and TBB's task_group running a std::packaged_task (TBB has no futures).
//   PowerCalcTable  seed 002's table, once per worker count, with 1 ms units.
//
// Build with the release preset; the other presets measure debug or sanitizer code.
#include <benchmark/benchmark.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <future>
#include <latch>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "future.hpp"
#include "power_calc.hpp"
#include "thread_pool_executor.hpp"

namespace {

/// Tasks per batch: enough that starting and draining a batch costs little per task.
constexpr int kBatch = 10'000;

/// std::async starts a thread per task, so it gets a smaller batch.
constexpr int kAsyncBatch = 500;

/// Reports the time per task as "ns/task" (a rate, inverted: seconds per task).
void report_per_task(benchmark::State& state, int tasks_per_iteration) {
  state.counters["ns/task"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * tasks_per_iteration,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations() * tasks_per_iteration);
}

/// Blocks until every task given to `executor` before this call has finished: each worker runs
/// one task at a time, in queue order, so once all of them are inside one of these last tasks
/// at the same moment, everything queued before is done.
void drain(lab05::ThreadPoolExecutor& executor) {
  const auto workers = static_cast<std::ptrdiff_t>(executor.max_workers());
  auto all_here = std::make_shared<std::latch>(workers + 1);
  for (std::ptrdiff_t i = 0; i < workers; ++i) {
    executor.execute([all_here] { all_here->arrive_and_wait(); });
  }
  all_here->arrive_and_wait();
}

/// Whether `executor` runs tasks at all (the stubs do not): benchmarks skip otherwise.
bool executor_works(lab05::ThreadPoolExecutor& executor) {
  try {
    return executor.submit([] { return 1; }).wait_for(std::chrono::seconds(2));
  } catch (const std::exception&) {
    return false;
  }
}

void BM_EmptyTask_Executor(benchmark::State& state) {
  lab05::ThreadPoolExecutor executor(static_cast<std::size_t>(state.range(0)));
  if (!executor_works(executor)) {
    state.SkipWithError("the executor runs no tasks (is it still a stub?)");
    return;
  }
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) {
      executor.execute([] {});
    }
    drain(executor);
  }
  report_per_task(state, kBatch);
}

void BM_EmptyTask_TbbTaskGroup(benchmark::State& state) {
  for (auto _ : state) {
    tbb::task_group group;
    for (int i = 0; i < kBatch; ++i) {
      group.run([] {});
    }
    group.wait();
  }
  report_per_task(state, kBatch);
}

void BM_FutureTask_Executor(benchmark::State& state) {
  lab05::ThreadPoolExecutor executor(static_cast<std::size_t>(state.range(0)));
  if (!executor_works(executor)) {
    state.SkipWithError("the executor runs no tasks (is it still a stub?)");
    return;
  }
  std::vector<lab05::Future<int>> futures;
  futures.reserve(kBatch);
  for (auto _ : state) {
    futures.clear();
    for (int i = 0; i < kBatch; ++i) {
      futures.push_back(executor.submit([i] { return i; }));
    }
    for (const auto& future : futures) {
      benchmark::DoNotOptimize(future.result());
    }
  }
  report_per_task(state, kBatch);
}

void BM_FutureTask_TbbPackagedTask(benchmark::State& state) {
  std::vector<std::future<int>> futures;
  futures.reserve(kBatch);
  for (auto _ : state) {
    futures.clear();
    tbb::task_group group;
    for (int i = 0; i < kBatch; ++i) {
      auto task = std::make_shared<std::packaged_task<int()>>([i] { return i; });
      futures.push_back(task->get_future());
      group.run([task] { (*task)(); });
    }
    for (auto& future : futures) {
      benchmark::DoNotOptimize(future.get());
    }
    group.wait();
  }
  report_per_task(state, kBatch);
}

void BM_FutureTask_StdAsync(benchmark::State& state) {
  std::vector<std::future<int>> futures;
  futures.reserve(kAsyncBatch);
  for (auto _ : state) {
    futures.clear();
    for (int i = 0; i < kAsyncBatch; ++i) {
      futures.push_back(std::async(std::launch::async, [i] { return i; }));
    }
    for (auto& future : futures) {
      benchmark::DoNotOptimize(future.get());
    }
  }
  report_per_task(state, kAsyncBatch);
}

/// Seed 002's table at one worker count, in 1 ms units: the time should track the ideal
/// (power_calc_units), reported as the "ideal_ms" counter.
void BM_PowerCalcTable(benchmark::State& state) {
  const auto workers = static_cast<std::size_t>(state.range(0));
  lab05::ThreadPoolExecutor executor(workers);
  if (!executor_works(executor)) {
    state.SkipWithError("the executor runs no tasks (is it still a stub?)");
    return;
  }
  for (auto _ : state) {
    std::vector<lab05::Future<int>> futures;
    for (const int x : lab05::kPowerCalcValues) {
      futures.push_back(executor.submit(lab05::power_calc, x, std::chrono::milliseconds(1)));
    }
    for (const auto& future : futures) {
      benchmark::DoNotOptimize(future.result());
    }
  }
  state.counters["ideal_ms"] = lab05::power_calc_units(lab05::kPowerCalcValues, workers);
}

/// 1 worker, and one per hardware thread (at least 2): oneTBB's default too.
void one_and_all_cores(benchmark::internal::Benchmark* family) {
  family->Arg(1)->Arg(std::max(2U, std::thread::hardware_concurrency()))->UseRealTime();
}

BENCHMARK(BM_EmptyTask_Executor)->Apply(one_and_all_cores);
BENCHMARK(BM_EmptyTask_TbbTaskGroup)->UseRealTime();
BENCHMARK(BM_FutureTask_Executor)->Apply(one_and_all_cores);
BENCHMARK(BM_FutureTask_TbbPackagedTask)->UseRealTime();
BENCHMARK(BM_FutureTask_StdAsync)->UseRealTime();
BENCHMARK(BM_PowerCalcTable)
    ->Arg(1)
    ->Arg(2)
    ->Arg(5)
    ->Arg(7)
    ->Arg(10)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
