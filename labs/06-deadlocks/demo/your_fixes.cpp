#include "your_fixes.hpp"

#include <cstdio>
#include <future>
#include <thread>
#include <vector>

#include "account.hpp"
#include "consumers.hpp"
#include "nested_submit.hpp"
#include "thread_name.hpp"
#include "thread_pool_executor.hpp"
#include "transfer.hpp"
#include "two_futures.hpp"
#include "worker.hpp"

namespace lab06::demo {

void your_transfers() {
  constexpr int kTransfers = 5'000;
  Account a(1, 100);
  Account b(2, 100);
  std::printf("two threads, %d transfers each: account 1 to 2, and 2 to 1\n", kTransfers);
  std::fflush(stdout);
  {
    std::jthread a_to_b([&] {
      name_this_thread("a-to-b");
      for (int i = 0; i < kTransfers; ++i) {
        transfer(a, b, 2);
      }
    });
    std::jthread b_to_a([&] {
      name_this_thread("b-to-a");
      for (int i = 0; i < kTransfers; ++i) {
        transfer(b, a, 1);
      }
    });
  }
  std::printf("finished: account 1 has %ld, account 2 has %ld (expected %ld and %ld)\n", a.balance,
              b.balance, 100L - kTransfers, 100L + kTransfers);
}

void your_wait_on_each_other() {
  for (const std::size_t workers : {std::size_t{2}, std::size_t{1}}) {
    std::printf("wait_on_each_other on %zu worker(s)...\n", workers);
    std::fflush(stdout);
    ThreadPoolExecutor executor(workers);
    const TwoResults results = wait_on_each_other(executor);
    std::printf("  a = %d, b = %d; a saw b = %d, b saw a = %d\n", results.a, results.b,
                results.b_seen_by_a, results.a_seen_by_b);
  }
}

void your_wait_on_future() {
  std::printf("wait_on_future on 1 worker...\n");
  std::fflush(stdout);
  ThreadPoolExecutor executor(1);
  std::printf("  result = %d (expected 25)\n", wait_on_future(executor));
}

void your_poison_pills() {
  const std::vector<int> jobs = {1, 2, 3, 4, 5, 6};
  std::printf("produce_and_consume: 6 jobs, 3 consumers...\n");
  std::fflush(stdout);
  const std::vector<int> results = produce_and_consume(jobs, 3, [](int job) { return job * job; });
  long sum = 0;
  for (const int result : results) {
    sum += result;
  }
  std::printf("  every consumer stopped; %zu results, summing to %ld (expected 6 and 91)\n",
              results.size(), sum);
}

void your_worker_stopped_by_its_job() {
  std::printf("a job calls stop() on its own Worker...\n");
  std::fflush(stdout);
  Worker worker;
  worker.post([&worker] { worker.stop(); }).get();  // rethrows what stop() threw
  std::printf("  stop() returned on the worker's thread without joining it\n");
}

}  // namespace lab06::demo
