#include "threads.hpp"

#include <thread>
#include <vector>

namespace lab01 {

void run_threads(std::size_t count, const std::function<void(std::size_t)>& body) {
  std::vector<std::jthread> threads;
  threads.reserve(count);
  for (std::size_t index = 0; index < count; ++index) {
    threads.emplace_back(body, index);
    threads.back().join();  // BROKEN: waits for each thread before starting the next
  }
}

}  // namespace lab01
