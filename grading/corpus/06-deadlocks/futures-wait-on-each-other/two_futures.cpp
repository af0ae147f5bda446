#include "two_futures.hpp"

#include <future>
#include <latch>

namespace lab06 {

TwoResults wait_on_each_other(ThreadPoolExecutor& executor) {
  // BROKEN: seed 002 as it stands. Each task waits for the other's result before it returns
  // its own: they wait for each other forever.
  TwoResults results;
  std::shared_future<int> a;
  std::shared_future<int> b;
  // The tasks read `a` and `b` only after both are set, as Python looks up its globals late.
  std::latch both_submitted(1);
  a = executor
          .submit([&] {
            both_submitted.wait();
            results.b_seen_by_a = b.get();  // wait_on_b: blocks until task b has returned
            return kResultOfA;
          })
          .share();
  b = executor
          .submit([&] {
            both_submitted.wait();
            results.a_seen_by_b = a.get();  // wait_on_a: blocks until task a has returned
            return kResultOfB;
          })
          .share();
  both_submitted.count_down();
  results.a = a.get();
  results.b = b.get();
  return results;
}

}  // namespace lab06
