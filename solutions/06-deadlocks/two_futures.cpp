#include "two_futures.hpp"

#include <future>

namespace lab06 {

TwoResults wait_on_each_other(ThreadPoolExecutor& executor) {
  // Neither task waits for the other: each computes only its own result. The waiting happens
  // here, on the caller's thread, which no task waits for, so there is no cycle of waits, and
  // one worker is enough (it runs a, then b).
  std::future<int> a = executor.submit([] { return kResultOfA; });
  std::future<int> b = executor.submit([] { return kResultOfB; });
  TwoResults results;
  results.a = a.get();
  results.b = b.get();
  // What each task would have reported of the other, now that both results are known.
  results.b_seen_by_a = results.b;
  results.a_seen_by_b = results.a;
  return results;
}

}  // namespace lab06
