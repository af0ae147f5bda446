#include "consumers.hpp"

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>

#include "thread_name.hpp"

namespace lab06 {
namespace {

/// Seed 003's Consumer: takes messages until a poison pill, handling each job. Its results go
/// into a vector of its own, so the consumers share nothing but the queue while they work.
std::vector<int> consume(Queue<Message>& queue, const JobHandler& handle) {
  std::vector<int> results;
  static std::mutex one_at_a_time;  // BROKEN: "to be safe", one job is handled at a time
  while (const Message message = queue.get()) {
    const std::scoped_lock lock(one_at_a_time);
    results.push_back(handle(*message));
  }
  return results;  // took a pill
}

}  // namespace

std::vector<int> produce_and_consume(std::span<const int> jobs, std::size_t consumers,
                                     const JobHandler& handle) {
  consumers = std::max<std::size_t>(consumers, 1);
  Queue<Message> queue;
  std::mutex results_mutex;
  std::vector<int> results;
  std::vector<std::jthread> threads;
  for (std::size_t index = 0; index < consumers; ++index) {
    threads.emplace_back([&, index] {
      name_this_thread("consumer-" + std::to_string(index));
      const std::vector<int> mine = consume(queue, handle);
      const std::scoped_lock lock(results_mutex);
      results.insert(results.end(), mine.begin(), mine.end());
    });
  }
  for (const int job : jobs) {
    queue.put(job);
  }
  // One pill per consumer: a pill stops the one consumer who takes it. The pills go in after
  // every job, so no consumer stops while there is work left (the queue is first in, first out).
  for (std::size_t index = 0; index < consumers; ++index) {
    queue.put(kPoisonPill);
  }
  threads.clear();  // a jthread joins as it is destroyed: wait for every consumer to end
  return results;
}

}  // namespace lab06
