#include "two_futures.hpp"

#include <future>

namespace lab06 {

TwoResults wait_on_each_other(ThreadPoolExecutor& executor) {
  // BROKEN: a half-fix. Each task makes its own result known before it waits for the other's,
  // so on two workers the circle is gone. But a task still blocks its worker waiting for
  // another task: on one worker, task a waits for task b, which cannot start.
  TwoResults results;
  std::promise<int> a_result;
  std::promise<int> b_result;
  std::shared_future<int> a = a_result.get_future().share();
  std::shared_future<int> b = b_result.get_future().share();
  std::future<void> task_a = executor.submit([&] {
    a_result.set_value(kResultOfA);
    results.b_seen_by_a = b.get();
  });
  std::future<void> task_b = executor.submit([&] {
    b_result.set_value(kResultOfB);
    results.a_seen_by_b = a.get();
  });
  task_a.get();
  task_b.get();
  results.a = a.get();
  results.b = b.get();
  return results;
}

}  // namespace lab06
