#include "two_futures.hpp"

#include <future>
#include <latch>

namespace lab06 {

TwoResults wait_on_each_other(ThreadPoolExecutor& executor) {
  // TODO(task 2): this is seed 002's example as it stands. Task a waits for b's result and
  // task b for a's before either returns its own, so each waits for the other forever (and on
  // one worker, task a waits for task b, which cannot even start). A task must never wait for
  // another task: let each compute only its own result, and do the waiting, and the pairing
  // up of what each saw of the other, where no task is waiting for you.
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
