// next_function(): how the interposer finds the real pthread functions its own definitions hide.
#pragma once

#include <dlfcn.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace conclab::chaos::preload {

/// The definition of `name` that comes after ours in the search order (libc's), looked up on
/// first use and kept in `cache`. Two threads may both look it up the first time; both find the
/// same address, so the race is harmless, and no lock is needed (a lock would call us again).
/// With `version`, that version is asked for: glibc keeps an old, incompatible pthread_cond_*
/// next to the current one, and a plain dlsym may return the old one. Architectures that never
/// had the old one do not know the version either; plain dlsym is right there.
template <typename Function>
Function next_function(std::atomic<Function>& cache, const char* name,
                       const char* version = nullptr) {
  Function function = cache.load(std::memory_order_acquire);
  if (function != nullptr) {
    return function;
  }
  void* symbol = version != nullptr ? dlvsym(RTLD_NEXT, name, version) : nullptr;
  if (symbol == nullptr) {
    symbol = dlsym(RTLD_NEXT, name);
  }
  if (symbol == nullptr) {
    std::fprintf(stderr, "conclab chaos: cannot find the real %s\n", name);
    std::abort();
  }
  function = reinterpret_cast<Function>(symbol);  // NOLINT: dlsym can only return void*
  cache.store(function, std::memory_order_release);
  return function;
}

}  // namespace conclab::chaos::preload
