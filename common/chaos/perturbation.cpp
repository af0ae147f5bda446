#include "perturbation.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "conclab/chaos.hpp"

namespace conclab::chaos::preload {
namespace {

// Both are constant-initialised, so they hold their defaults (chaos off) even when another
// library's constructor locks a mutex before load_settings() has run.
// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables): the library's state
Settings settings;
std::atomic<std::uint64_t> last_ordinal{0};

/// A thread's decisions. Plain data in initial-exec TLS: the compiler reaches it at a fixed
/// offset from the thread pointer, without the allocation and locking of the general model.
struct ThreadState {
  bool started = false;
  ThreadPerturbations perturbations{0, 0};
};
__attribute__((tls_model("initial-exec"))) thread_local ThreadState this_thread;
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

/// This thread's decisions. A thread that was not created through our pthread_create takes the
/// next number when it first gets here (under the atomic interposer, which does not wrap
/// pthread_create, every thread does); the main thread is number 0.
ThreadPerturbations& perturbations() {
  if (!this_thread.started) {
    const std::uint64_t ordinal = ::gettid() == ::getpid() ? 0 : next_thread_ordinal();
    this_thread = {.started = true, .perturbations = ThreadPerturbations(settings.seed, ordinal)};
  }
  return this_thread.perturbations;
}

void sleep_for_microseconds(unsigned microseconds) {
  // nanosleep is a cancellation point and pthread_mutex_lock must not become one.
  int cancel_state = 0;
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &cancel_state);
  const timespec pause{.tv_sec = microseconds / 1'000'000,
                       .tv_nsec = static_cast<long>(microseconds % 1'000'000) * 1000};
  nanosleep(&pause, nullptr);  // woken early by a signal: a shorter pause does no harm
  pthread_setcancelstate(cancel_state, nullptr);
}

__attribute__((constructor)) void load_settings() {
  // NOLINTBEGIN(concurrency-mt-unsafe): read once, as the library loads
  const char* probability = std::getenv("CONCLAB_CHAOS_PROBABILITY");
  settings = parse_settings(std::getenv("CONCLAB_CHAOS_SEED"), probability,
                            std::getenv("CONCLAB_CHAOS_MAX_SLEEP_US"));
  // NOLINTEND(concurrency-mt-unsafe)
#ifdef CONCLAB_CHAOS_DEFAULT_PROBABILITY
  if (probability == nullptr) {
    settings.probability = CONCLAB_CHAOS_DEFAULT_PROBABILITY;
  }
#endif
  if (settings.active) {
    std::fprintf(stderr, "conclab chaos: CONCLAB_CHAOS_SEED=%llu probability=%g max_sleep_us=%u\n",
                 static_cast<unsigned long long>(settings.seed), settings.probability,
                 settings.max_sleep_us);
  }
}

}  // namespace

void perturb() {
  if (!settings.active) {
    return;
  }
  const Decision decision = perturbations().next(settings);
  if (decision.action == Decision::Action::kNothing) {
    return;
  }
  const int saved_errno = errno;  // the caller may still need the errno of what it did before
  if (decision.action == Decision::Action::kYield) {
    sched_yield();
  } else {
    sleep_for_microseconds(decision.sleep_us);
  }
  errno = saved_errno;
}

std::uint64_t next_thread_ordinal() {
  return last_ordinal.fetch_add(1) + 1;
}

void begin_thread(std::uint64_t ordinal) {
  this_thread = {.started = true, .perturbations = ThreadPerturbations(settings.seed, ordinal)};
}

}  // namespace conclab::chaos::preload
