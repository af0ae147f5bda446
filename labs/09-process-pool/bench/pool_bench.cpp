// What one tiny task costs, in microseconds: on the process pool (chunks of 1 and of 64), on a
// pool of std::jthread workers in the same process, and with a fork() per task. The task itself
// (an add) costs nanoseconds: what is measured is the way to the worker and back.
#include <benchmark/benchmark.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "channel.hpp"
#include "child.hpp"
#include "process_pool.hpp"

namespace {

std::int64_t plus_one(std::int64_t x) {
  return x + 1;
}

std::vector<std::int64_t> inputs(std::size_t count) {
  std::vector<std::int64_t> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    values[i] = static_cast<std::int64_t>(i);
  }
  return values;
}

void report_per_task(benchmark::State& state, std::size_t tasks_per_iteration) {
  const double tasks =
      static_cast<double>(state.iterations()) * static_cast<double>(tasks_per_iteration);
  state.SetItemsProcessed(static_cast<std::int64_t>(tasks));
  // Wall seconds per task, printed with its unit (e.g. "4.1us").
  state.counters["time_per_task"] =
      benchmark::Counter(tasks, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void ProcessPoolMap(benchmark::State& state) {
  const auto chunksize = static_cast<std::size_t>(state.range(0));
  const std::vector<std::int64_t> values = inputs(1024);
  lab09::ProcessPool pool(2);
  for (auto _ : state) {
    benchmark::DoNotOptimize(pool.map<plus_one>(values, chunksize));
  }
  report_per_task(state, values.size());
  pool.close();
  pool.join();
}
BENCHMARK(ProcessPoolMap)->Arg(1)->Arg(64)->UseRealTime();

/// A minimal pool of threads: a queue of jobs under a mutex, and a count of jobs not done.
class ThreadPool {
 public:
  explicit ThreadPool(std::size_t workers) {
    for (std::size_t i = 0; i < workers; ++i) {
      threads_.emplace_back([this](std::stop_token stop) { serve(stop); });
    }
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool() {
    for (std::jthread& thread : threads_) {
      thread.request_stop();
    }
    work_.notify_all();
  }

  void submit(std::function<void()> job) {
    {
      const std::scoped_lock lock(mutex_);
      jobs_.push_back(std::move(job));
      ++unfinished_;
    }
    work_.notify_one();
  }

  void wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return unfinished_ == 0; });
  }

 private:
  void serve(const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (work_.wait(lock, stop, [this] { return !jobs_.empty(); })) {
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
      if (--unfinished_ == 0) {
        idle_.notify_all();
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable_any work_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> jobs_;
  std::size_t unfinished_ = 0;
  std::vector<std::jthread> threads_;  // last: stopped and joined before the rest goes
};

void ThreadPoolMap(benchmark::State& state) {
  const std::vector<std::int64_t> values = inputs(1024);
  std::vector<std::int64_t> results(values.size());
  ThreadPool pool(2);
  for (auto _ : state) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      pool.submit([&, i] { results[i] = plus_one(values[i]); });
    }
    pool.wait_idle();
    benchmark::DoNotOptimize(results.data());
  }
  report_per_task(state, values.size());
}
BENCHMARK(ThreadPoolMap)->UseRealTime();

void ForkPerTask(benchmark::State& state) {
  const std::vector<std::int64_t> values = inputs(16);
  for (auto _ : state) {
    for (const std::int64_t value : values) {
      lab09::Pipe pipe = lab09::make_pipe();
      lab09::Child child([&] {
        lab09::send_frame(pipe.write.get(), std::to_string(plus_one(value)));
        return 0;
      });
      pipe.write.close();
      benchmark::DoNotOptimize(lab09::receive_frame(pipe.read.get()));
      child.wait();
    }
  }
  report_per_task(state, values.size());
}
BENCHMARK(ForkPerTask)->UseRealTime();

}  // namespace
