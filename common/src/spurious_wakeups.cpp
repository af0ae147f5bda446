#include "conclab/testing/spurious_wakeups.hpp"

#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <ctime>

#include "../chaos/next_function.hpp"

namespace conclab::testing {
namespace {

/// The wake-up period in nanoseconds (0: off), and when they stop, on CLOCK_MONOTONIC.
std::atomic<std::int64_t> g_every_ns{0};
std::atomic<std::int64_t> g_until_ns{0};
std::atomic<std::uint64_t> g_caused{0};

std::int64_t nanoseconds_of(const timespec& time) {
  return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

std::int64_t now_on(clockid_t clock) {
  timespec now{};
  ::clock_gettime(clock, &now);
  return nanoseconds_of(now);
}

#ifndef CONCLAB_UNDER_SANITIZER
timespec timespec_of(std::int64_t nanoseconds) {
  return {static_cast<time_t>(nanoseconds / 1'000'000'000),
          static_cast<long>(nanoseconds % 1'000'000'000)};
}

/// Where a wait on `clock` until `deadline` should end instead, if it should be woken early.
/// Works on the wait's own clock, so a deadline on the system clock is cut the same way.
bool early_deadline(clockid_t clock, const timespec* deadline, timespec& early) {
  const std::int64_t every = g_every_ns.load(std::memory_order_relaxed);
  if (every <= 0 || deadline == nullptr || now_on(CLOCK_MONOTONIC) >= g_until_ns.load()) {
    return false;
  }
  const std::int64_t cut = now_on(clock) + every;
  if (cut >= nanoseconds_of(*deadline)) {
    return false;
  }
  early = timespec_of(cut);
  return true;
}

/// A wait that timed out at the early deadline returns 0: woken, as far as the caller knows.
int as_woken(int result) {
  if (result == ETIMEDOUT) {
    g_caused.fetch_add(1, std::memory_order_relaxed);
    return 0;
  }
  return result;
}

#endif

}  // namespace

SpuriousWakeups::SpuriousWakeups(std::chrono::milliseconds every,
                                 std::chrono::milliseconds lasting) {
  g_caused = 0;
  g_until_ns = now_on(CLOCK_MONOTONIC) +
               std::chrono::duration_cast<std::chrono::nanoseconds>(lasting).count();
  g_every_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(every).count();
}

SpuriousWakeups::~SpuriousWakeups() {
  g_every_ns = 0;
}

bool SpuriousWakeups::available() {
#ifdef CONCLAB_UNDER_SANITIZER
  return false;
#else
  return true;
#endif
}

std::uint64_t SpuriousWakeups::caused() const {
  return g_caused.load();
}

}  // namespace conclab::testing

#ifndef CONCLAB_UNDER_SANITIZER
// Our definitions come before the C library's for every call the test program makes, including
// the ones libstdc++'s inline code makes on its behalf. glibc keeps an old pthread_cond_timedwait
// next to the current one: the current one is asked for by version.
extern "C" {

int pthread_cond_clockwait(pthread_cond_t* condition, pthread_mutex_t* mutex, clockid_t clock,
                           const timespec* deadline) {
  using conclab::testing::early_deadline;
  static std::atomic<int (*)(pthread_cond_t*, pthread_mutex_t*, clockid_t, const timespec*)> real;
  const auto wait = conclab::chaos::preload::next_function(real, "pthread_cond_clockwait");
  timespec early{};
  if (early_deadline(clock, deadline, early)) {
    return conclab::testing::as_woken(wait(condition, mutex, clock, &early));
  }
  return wait(condition, mutex, clock, deadline);
}

int pthread_cond_timedwait(pthread_cond_t* condition, pthread_mutex_t* mutex,
                           const timespec* deadline) {
  using conclab::testing::early_deadline;
  static std::atomic<int (*)(pthread_cond_t*, pthread_mutex_t*, const timespec*)> real;
  const auto wait =
      conclab::chaos::preload::next_function(real, "pthread_cond_timedwait", "GLIBC_2.3.2");
  timespec early{};
  if (early_deadline(CLOCK_REALTIME, deadline, early)) {
    return conclab::testing::as_woken(wait(condition, mutex, &early));
  }
  return wait(condition, mutex, deadline);
}

}  // extern "C"
#endif
