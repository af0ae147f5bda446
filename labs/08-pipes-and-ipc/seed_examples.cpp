#include "seed_examples.hpp"

#include <unistd.h>

#include <string>

#include "child_process.hpp"
#include "process_queue.hpp"

namespace lab08 {

// TODO(task 4): make a one-way pipe; start a ChildProcess that sends the greeting (getppid(),
// getpid()) and returns 0. In the parent: close the sending end, receive, wait for the child.
Greeting greet_from_child(const std::string& /*name*/) {
  throw std::logic_error("TODO: greet_from_child");
}

// TODO(task 5): one ProcessQueue; a square child and a cube child put one result each per
// number (as text). The parent takes 2 * numbers.size() results off the queue and only then
// waits for the children. Why in that order? Read the handout.
std::vector<long long> square_and_cube(const std::vector<int>& /*numbers*/) {
  throw std::logic_error("TODO: square_and_cube");
}

// TODO(task 6): a one-way pipe; the child closes its copy of the receiving end and runs
// child_work(sending end). The parent closes its copy of the sending end (why? read the
// handout), receives until std::nullopt (a ChannelError means the child died inside a message:
// keep what arrived), then waits for the child.
std::vector<std::string> collect_from_child(
    const std::function<void(Connection&)>& /*child_work*/) {
  throw std::logic_error("TODO: collect_from_child");
}

}  // namespace lab08
