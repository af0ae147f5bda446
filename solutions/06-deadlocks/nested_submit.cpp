#include "nested_submit.hpp"

#include <future>

namespace lab06 {

int wait_on_future(ThreadPoolExecutor& executor) {
  // The outer task submits the inner one and returns its future instead of waiting for it, so
  // the worker is free again at once and can run the inner task. The caller, who is no worker,
  // does all the waiting: first for the outer task, then for the inner one.
  std::future<std::future<int>> outer = executor.submit([&executor] {
    return executor.submit([] { return 5 * 5; });  // pow(5, 2)
  });
  return outer.get().get();
}

}  // namespace lab06
