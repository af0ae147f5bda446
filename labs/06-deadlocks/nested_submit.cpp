#include "nested_submit.hpp"

#include <future>

namespace lab06 {

int wait_on_future(ThreadPoolExecutor& executor) {
  // TODO(task 3): this is seed 002's example as it stands. The outer task occupies a worker
  // while it waits for the inner task, and on a one-worker pool the inner task needs that very
  // worker to run: it never starts, and the outer task waits forever. Do not wait inside the
  // task. For instance, hand the inner task's future back to the caller, who is no worker and
  // may wait (or compute pow(5, 2) right there in the outer task).
  std::future<int> outer = executor.submit([&executor] {
    std::future<int> inner = executor.submit([] { return 5 * 5; });  // pow(5, 2)
    return inner.get();  // blocks the only worker until the inner task has run
  });
  return outer.get();
}

}  // namespace lab06
