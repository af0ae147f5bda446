// A check-then-act race, on purpose: every step holds the lock, yet the whole is not atomic, so
// ThreadSanitizer has nothing to report.
//
// get_or_create() looks a key up under the lock, releases it, and if the key was absent creates
// the value and inserts it under the lock again. Two threads asking for the same key at once can
// both find it absent and both create it. Here the threads ask for the same keys in the same
// order, but each starts 1 ms after the one before: in a plain run the first has created every
// key long before the next one looks, since each key takes it well under a microsecond (with a
// head start of 100 µs, a thread descheduled by this VM's host now and then lost it, about one
// plain run in 200). Chaos scheduling's pauses at the locks slow the first one down until
// another catches up with it between its check and its act. Exit 1 when a key was created more
// than once.
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;

constexpr int kRounds = 10;
constexpr int kThreads = 4;
constexpr int kKeys = 8;
constexpr auto kHeadStart = 1ms;

class Cache {
 public:
  /// The value of `key`, created on first use. BUG: the check and the act are separate
  /// critical sections; the fix is one scoped_lock over both.
  int get_or_create(int key) {
    {
      const std::scoped_lock lock(mutex_);
      if (const auto found = values_.find(key); found != values_.end()) {
        return found->second;
      }
    }  // the lock is released here: another thread may now find the key absent too
    const int value = key * key;
    const std::scoped_lock lock(mutex_);
    ++creations_;
    values_[key] = value;
    return value;
  }

  /// How many values were created, and how many keys there are.
  std::pair<int, int> creations_and_keys() {
    const std::scoped_lock lock(mutex_);
    return {creations_, static_cast<int>(values_.size())};
  }

 private:
  std::mutex mutex_;
  std::map<int, int> values_;
  int creations_ = 0;
};

/// Several threads ask a fresh cache for the same keys, each a little after the one before.
std::pair<int, int> race_for_keys() {
  Cache cache;
  {
    std::vector<std::jthread> threads;
    for (int thread = 0; thread < kThreads; ++thread) {
      threads.emplace_back([&cache] {
        for (int key = 0; key < kKeys; ++key) {
          cache.get_or_create(key);
        }
      });
      std::this_thread::sleep_for(kHeadStart);
    }
  }
  return cache.creations_and_keys();
}

}  // namespace

int main() {
  for (int round = 1; round <= kRounds; ++round) {
    const auto [creations, keys] = race_for_keys();
    if (creations != keys) {
      std::fprintf(stderr,
                   "check-then-act: in round %d, %d keys were created %d times: two threads "
                   "both found a key absent and both created it\n",
                   round, keys, creations);
      return 1;
    }
  }
  return 0;
}
