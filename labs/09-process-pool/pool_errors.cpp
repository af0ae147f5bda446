// The pool's exceptions (given): their messages are what a student sees when a map fails.
#include <string>

#include "process_pool.hpp"

namespace lab09 {
namespace {

std::string describe_loss(pid_t worker, std::size_t first, std::size_t count,
                          const ExitStatus& how) {
  std::string inputs =
      count == 1 ? "input " + std::to_string(first)
                 : "inputs " + std::to_string(first) + " to " + std::to_string(first + count - 1);
  return "worker " + std::to_string(worker) + " " + how.describe() + " while running " + inputs +
         ": the pool is broken and has shut down";
}

}  // namespace

BrokenPool::BrokenPool(pid_t worker, std::size_t first_lost, std::size_t lost_count, ExitStatus how)
    : std::runtime_error(describe_loss(worker, first_lost, lost_count, how)),
      first_lost_(first_lost),
      lost_count_(lost_count),
      how_(how) {}

TaskError::TaskError(std::size_t index, const std::string& message)
    : std::runtime_error("input " + std::to_string(index) + ": " + message), index_(index) {}

}  // namespace lab09
