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
  while (const Message message = queue.get()) {
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
  // TODO(task 4): a pill stops the one consumer who takes it. With a single pill, the other
  // consumers wait in queue.get() forever, and clearing `threads` below, which joins them all,
  // waits forever too. Every consumer needs a pill of its own.
  queue.put(kPoisonPill);
  threads.clear();  // a jthread joins as it is destroyed: wait for every consumer to end
  return results;
}

}  // namespace lab06
