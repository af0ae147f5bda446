// A lost wake-up, on purpose: the waiter waits on a condition variable without a predicate.
//
// The waiter says (through an atomic, outside the lock) that it is about to wait, then locks the
// mutex and waits. The notifier waits for that word, gives the waiter a head start of 100 µs
// (ages, for a thread that only has to lock and wait), then sets the flag under the lock and
// notifies. If the waiter has not reached its wait by then, the notification reaches nobody, and
// the waiter, which never looks at the flag, waits for ever. In a plain run that needs the waiter
// to be descheduled in the few nanoseconds between its word and its wait; chaos scheduling's
// pause before the lock does it often. Exit 1 on a lost wake-up, 0 otherwise.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace {

using namespace std::chrono_literals;

constexpr int kRounds = 20;
constexpr auto kHeadStart = 100us;
constexpr auto kGiveUp = 200ms;  // a wake-up this late was lost: the program must not hang

/// One waiter and one notifier; true when the waiter was woken.
bool waiter_is_woken() {
  std::mutex mutex;
  std::condition_variable ready;
  [[maybe_unused]] bool flag = false;  // set by the notifier, never read by the buggy waiter
  std::atomic<bool> about_to_wait = false;
  std::atomic<bool> woken = false;
  std::jthread waiter([&] {
    about_to_wait = true;
    std::unique_lock lock(mutex);
    // BUG: no predicate. `ready.wait(lock, [&] { return flag; })` would be correct: it looks at
    // the flag before waiting, so a notification that came first is not missed.
    woken = ready.wait_for(lock, kGiveUp) == std::cv_status::no_timeout;
  });
  while (!about_to_wait) {
    std::this_thread::yield();
  }
  std::this_thread::sleep_for(kHeadStart);
  {
    const std::scoped_lock lock(mutex);
    flag = true;
  }
  ready.notify_one();
  waiter.join();
  return woken;
}

}  // namespace

int main() {
  for (int round = 1; round <= kRounds; ++round) {
    if (!waiter_is_woken()) {
      std::fprintf(stderr,
                   "lost wake-up: in round %d the notification came before the wait, and the "
                   "waiter, with no predicate to check, waited %lld ms in vain\n",
                   round, static_cast<long long>(kGiveUp.count()));
      return 1;
    }
  }
  return 0;
}
