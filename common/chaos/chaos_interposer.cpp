// libconclab_chaos.so: seeded chaos scheduling for any program, loaded with LD_PRELOAD.
//
// It defines the pthread functions that std::mutex, std::condition_variable and std::thread
// call. The dynamic linker binds the program's calls (and libstdc++'s) to these definitions
// first; each one perturbs the schedule at its point (see conclab/chaos.hpp) and calls the real
// function in libc. glibc's own internal locking does not go through these names, so stdio,
// malloc and the dynamic linker are left alone.
//
// What keeps this safe: no lock of its own (it would call itself), no allocation on the paths of
// locks and waits, thread state in initial-exec TLS, and nothing at all while chaos is off.
#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <ctime>

#include "next_function.hpp"
#include "perturbation.hpp"

namespace {

using conclab::chaos::preload::next_function;
using conclab::chaos::preload::perturb;

// The version of the current pthread_cond_* on x86-64 (the old ones are GLIBC_2.2.5).
constexpr const char* kConditionVersion = "GLIBC_2.3.2";

/// What our pthread_create hands the new thread: the real start, and the thread's number.
struct ThreadStart {
  void* (*routine)(void*);
  void* argument;
  std::uint64_t ordinal;
};

void* start_thread(void* raw_start) {
  const ThreadStart start = *static_cast<ThreadStart*>(raw_start);
  std::free(raw_start);  // NOLINT(cppcoreguidelines-no-malloc): see pthread_create
  conclab::chaos::preload::begin_thread(start.ordinal);
  perturb();
  return start.routine(start.argument);
}

}  // namespace

// The exact signatures of <pthread.h>. exported_symbols.map lets only these names out.
// (pthread.h names the parameters __mutex, __cond, ...: names reserved for the C library.)
// NOLINTBEGIN(readability-inconsistent-declaration-parameter-name)
extern "C" {

int pthread_mutex_lock(pthread_mutex_t* mutex) {
  static std::atomic<int (*)(pthread_mutex_t*)> real;
  perturb();
  return next_function(real, "pthread_mutex_lock")(mutex);
}

int pthread_mutex_trylock(pthread_mutex_t* mutex) {
  static std::atomic<int (*)(pthread_mutex_t*)> real;
  perturb();
  return next_function(real, "pthread_mutex_trylock")(mutex);
}

int pthread_mutex_timedlock(pthread_mutex_t* mutex, const timespec* deadline) {
  static std::atomic<int (*)(pthread_mutex_t*, const timespec*)> real;
  perturb();
  return next_function(real, "pthread_mutex_timedlock")(mutex, deadline);
}

int pthread_mutex_clocklock(pthread_mutex_t* mutex, clockid_t clock, const timespec* deadline) {
  static std::atomic<int (*)(pthread_mutex_t*, clockid_t, const timespec*)> real;
  perturb();
  return next_function(real, "pthread_mutex_clocklock")(mutex, clock, deadline);
}

int pthread_mutex_unlock(pthread_mutex_t* mutex) {
  static std::atomic<int (*)(pthread_mutex_t*)> real;
  const int result = next_function(real, "pthread_mutex_unlock")(mutex);
  perturb();  // just released: the moment another thread can slip in
  return result;
}

int pthread_cond_wait(pthread_cond_t* condition, pthread_mutex_t* mutex) {
  static std::atomic<int (*)(pthread_cond_t*, pthread_mutex_t*)> real;
  const int result = next_function(real, "pthread_cond_wait", kConditionVersion)(condition, mutex);
  perturb();
  return result;
}

int pthread_cond_timedwait(pthread_cond_t* condition, pthread_mutex_t* mutex,
                           const timespec* deadline) {
  static std::atomic<int (*)(pthread_cond_t*, pthread_mutex_t*, const timespec*)> real;
  const int result =
      next_function(real, "pthread_cond_timedwait", kConditionVersion)(condition, mutex, deadline);
  perturb();
  return result;
}

// New in glibc 2.30, with no old version to avoid. libstdc++ 12 calls it (inline, from the
// program) for wait_for and wait_until on the steady clock.
int pthread_cond_clockwait(pthread_cond_t* condition, pthread_mutex_t* mutex, clockid_t clock,
                           const timespec* deadline) {
  static std::atomic<int (*)(pthread_cond_t*, pthread_mutex_t*, clockid_t, const timespec*)> real;
  const int result =
      next_function(real, "pthread_cond_clockwait")(condition, mutex, clock, deadline);
  perturb();
  return result;
}

int pthread_cond_signal(pthread_cond_t* condition) {
  static std::atomic<int (*)(pthread_cond_t*)> real;
  perturb();
  return next_function(real, "pthread_cond_signal", kConditionVersion)(condition);
}

int pthread_cond_broadcast(pthread_cond_t* condition) {
  static std::atomic<int (*)(pthread_cond_t*)> real;
  perturb();
  return next_function(real, "pthread_cond_broadcast", kConditionVersion)(condition);
}

// Not a hot path: creating a thread allocates anyway, so one small malloc is fine here.
int pthread_create(pthread_t* thread, const pthread_attr_t* attributes, void* (*routine)(void*),
                   void* argument) {
  static std::atomic<int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*)> real;
  // NOLINTNEXTLINE(cppcoreguidelines-no-malloc): freed by start_thread, a plain C callback
  auto* start = static_cast<ThreadStart*>(std::malloc(sizeof(ThreadStart)));
  if (start == nullptr) {
    return EAGAIN;
  }
  *start = {.routine = routine,
            .argument = argument,
            .ordinal = conclab::chaos::preload::next_thread_ordinal()};
  const int result = next_function(real, "pthread_create")(thread, attributes, start_thread, start);
  if (result != 0) {
    std::free(start);  // NOLINT(cppcoreguidelines-no-malloc)
  }
  return result;
}

}  // extern "C"
// NOLINTEND(readability-inconsistent-declaration-parameter-name)
