#include "seed_deadlocks.hpp"

#include <barrier>
#include <cstdio>
#include <future>
#include <latch>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "account.hpp"
#include "queue.hpp"
#include "thread_name.hpp"
#include "thread_pool_executor.hpp"

namespace lab06::demo {
namespace {

void say(const char* text) {
  std::printf("%s\n", text);
  std::fflush(stdout);  // before a deadlock: nothing may wait in a buffer
}

/// `from` first, then `to`, meeting the other thread at `both_hold_one` in between.
void transfer_from_then_to(Account& from, Account& to, long amount, std::barrier<>& both_hold_one) {
  const std::scoped_lock hold_from(from.mutex);
  both_hold_one.arrive_and_wait();
  const std::scoped_lock hold_to(to.mutex);  // each waits here for the other's first account
  from.balance -= amount;
  to.balance += amount;
}

/// Whether this build can show a thread joining itself: ThreadSanitizer's runtime cannot (its
/// own bookkeeping of the join fails a check and ends the program), so under it, says so.
bool can_show_self_join() {
#ifdef CONCLAB_UNDER_SANITIZER
  say("(skipped under a sanitizer, whose runtime cannot survive a thread joining itself: run\n"
      " the demo of the default build to see this one)");
  return false;
#else
  return true;
#endif
}

}  // namespace

void seed_accounts_inverted() {
  Account a(1, 100);
  Account b(2, 100);
  std::barrier both_hold_one(2);
  say("thread a-to-b locks account 1, then 2; thread b-to-a locks account 2, then 1.");
  std::jthread a_to_b([&] {
    name_this_thread("a-to-b");
    transfer_from_then_to(a, b, 10, both_hold_one);
  });
  std::jthread b_to_a([&] {
    name_this_thread("b-to-a");
    transfer_from_then_to(b, a, 20, both_hold_one);
  });
}

void seed_futures_wait_on_each_other() {
  ThreadPoolExecutor executor(2);
  std::shared_future<int> a;
  std::shared_future<int> b;
  std::latch both_submitted(1);  // the tasks read a and b once both exist, like Python globals
  a = executor
          .submit([&] {
            both_submitted.wait();
            say("wait_on_b: waiting for b's result");
            return b.get() > 0 ? 5 : 0;
          })
          .share();
  b = executor
          .submit([&] {
            both_submitted.wait();
            say("wait_on_a: waiting for a's result");
            return a.get() > 0 ? 6 : 0;
          })
          .share();
  both_submitted.count_down();
  say("submitted wait_on_b (a) and wait_on_a (b) to a pool of two workers");
  std::printf("a = %d\n", a.get());
}

void seed_nested_submit() {
  ThreadPoolExecutor executor(1);
  std::future<int> outer = executor.submit([&executor] {
    std::future<int> inner = executor.submit([] { return 5 * 5; });
    say("wait_on_future: submitted pow(5, 2) to my own pool; waiting for it");
    return inner.get();
  });
  say("submitted wait_on_future to a pool of one worker");
  std::printf("result = %d\n", outer.get());
}

void seed_missing_poison_pill() {
  Queue<std::optional<int>> queue;
  std::vector<std::jthread> consumers;
  for (int index = 0; index < 3; ++index) {
    consumers.emplace_back([&queue, index] {
      name_this_thread("consumer-" + std::to_string(index));
      while (queue.get()) {
      }
    });
  }
  for (int job = 0; job < 6; ++job) {
    queue.put(job);
  }
  queue.put(std::nullopt);  // the pill: one, for three consumers
  say("put 6 jobs and a single poison pill for 3 consumers; joining them");
  consumers.clear();
  say("all consumers joined");
}

void seed_thread_joins_itself() {
  if (!can_show_self_join()) {
    return;
  }
  std::thread self;
  std::latch assigned(1);
  std::latch tried(1);
  self = std::thread([&] {
    assigned.wait();
    try {
      self.join();
      say("join() returned (it should not have)");
    } catch (const std::system_error& error) {
      std::printf("the thread called join() on itself: std::system_error, \"%s\"%s\n", error.what(),
                  error.code() == std::errc::resource_deadlock_would_occur
                      ? " (std::errc::resource_deadlock_would_occur)"
                      : "");
    }
    tried.count_down();
  });
  assigned.count_down();
  tried.wait();
  self.join();  // from the main thread, as it should be
  say("the main thread joined it");
}

void seed_jthread_destroyed_by_itself() {
  if (!can_show_self_join()) {
    return;
  }
  std::optional<std::jthread> self;
  std::latch assigned(1);
  self.emplace([&] {
    assigned.wait();
    say("the jthread destroys its own std::jthread object...");
    self.reset();  // ~jthread joins, on the very thread it would wait for
  });
  assigned.count_down();
  std::this_thread::sleep_for(std::chrono::seconds(5));
}

}  // namespace lab06::demo
