// libconclab_atomic_chaos.so: seeded chaos at atomic operations, for programs built with
// ThreadSanitizer, loaded with LD_PRELOAD.
//
// The pthread interposer (chaos_interposer.cpp) shakes the schedule at locks and waits, but an
// atomicity bug built from atomics alone (`count.store(count.load() + 1)`) takes no lock: its
// window is the few instructions between the load and the store, which another thread hits
// only by luck of the hardware, and almost never on one core. ThreadSanitizer does not report
// it either (atomics do not race). Its instrumentation, though, turns every atomic load and
// store of the program into a call to __tsan_atomicN_load / __tsan_atomicN_store in libtsan.
// This library defines those names first: each perturbs the schedule (as conclab/chaos.hpp
// describes, same seed and settings) right after a load and right before a store, then calls
// ThreadSanitizer's own. Read-modify-write operations (fetch_add, exchange, compare_exchange)
// are whole already and are left alone.
//
// It is built without a sanitizer, so that its own code calls nothing of ThreadSanitizer's.
#include <atomic>

#include "next_function.hpp"
#include "perturbation.hpp"

namespace {

using conclab::chaos::preload::next_function;
using conclab::chaos::preload::perturb;

/// ThreadSanitizer's memory order argument (an enum of int size in its interface).
using MemoryOrder = int;

}  // namespace

// The names and signatures of ThreadSanitizer's interface (tsan_interface_atomic.h).
// NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cppcoreguidelines-macro-usage)
#define CONCLAB_ATOMIC_CHAOS(bits, type)                                                    \
  type __tsan_atomic##bits##_load(const volatile type* address, MemoryOrder order) {        \
    static std::atomic<type (*)(const volatile type*, MemoryOrder)> real;                   \
    const type value = next_function(real, "__tsan_atomic" #bits "_load")(address, order);  \
    perturb(); /* between reading a value and acting on it: where another may slip in */    \
    return value;                                                                           \
  }                                                                                         \
  void __tsan_atomic##bits##_store(volatile type* address, type value, MemoryOrder order) { \
    static std::atomic<void (*)(volatile type*, type, MemoryOrder)> real;                   \
    perturb();                                                                              \
    next_function(real, "__tsan_atomic" #bits "_store")(address, value, order);             \
  }

extern "C" {
CONCLAB_ATOMIC_CHAOS(8, char)
CONCLAB_ATOMIC_CHAOS(16, short)
CONCLAB_ATOMIC_CHAOS(32, int)
CONCLAB_ATOMIC_CHAOS(64, long)
}
#undef CONCLAB_ATOMIC_CHAOS
// NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,cppcoreguidelines-macro-usage)
