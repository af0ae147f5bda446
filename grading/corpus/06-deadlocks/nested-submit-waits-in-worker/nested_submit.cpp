#include "nested_submit.hpp"

#include <future>

namespace lab06 {

int wait_on_future(ThreadPoolExecutor& executor) {
  // BROKEN: seed 002 as it stands. The outer task waits, on the only worker, for the inner
  // task, which needs that worker to run: it never starts.
  std::future<int> outer = executor.submit([&executor] {
    std::future<int> inner = executor.submit([] { return 5 * 5; });  // pow(5, 2)
    return inner.get();  // blocks the only worker until the inner task has run
  });
  return outer.get();
}

}  // namespace lab06
