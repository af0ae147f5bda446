/// @file shared_memory.hpp
/// @brief An object in memory that a parent and the children it forks afterwards all share,
/// and a mutex that works across those processes.
#pragma once

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <new>
#include <system_error>
#include <utility>

namespace lab08 {

/// A pthread mutex that threads of different processes can share, when it lives in shared
/// memory (PTHREAD_PROCESS_SHARED). Satisfies Lockable, so std::scoped_lock takes it.
class ProcessSharedMutex {
 public:
  ProcessSharedMutex() {
    pthread_mutexattr_t attributes;
    ::pthread_mutexattr_init(&attributes);
    ::pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
    ::pthread_mutex_init(&mutex_, &attributes);
    ::pthread_mutexattr_destroy(&attributes);
  }
  ProcessSharedMutex(const ProcessSharedMutex&) = delete;
  ProcessSharedMutex& operator=(const ProcessSharedMutex&) = delete;
  ~ProcessSharedMutex() { ::pthread_mutex_destroy(&mutex_); }

  void lock() { ::pthread_mutex_lock(&mutex_); }
  bool try_lock() { return ::pthread_mutex_trylock(&mutex_) == 0; }
  void unlock() { ::pthread_mutex_unlock(&mutex_); }

 private:
  pthread_mutex_t mutex_{};
};

/// One T in an anonymous shared mapping: every process forked after it was made sees the same
/// T (not a copy). The process that made it destroys the T; every process unmaps its view.
template <typename T>
class SharedObject {
 public:
  /// Maps the memory and constructs a T in it from `arguments`.
  template <typename... Arguments>
  explicit SharedObject(Arguments&&... arguments) : owner_(::getpid()) {
    void* memory =
        ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      throw std::system_error(errno, std::generic_category(), "mmap");
    }
    object_ = new (memory) T(std::forward<Arguments>(arguments)...);
  }
  SharedObject(const SharedObject&) = delete;
  SharedObject& operator=(const SharedObject&) = delete;
  ~SharedObject() {
    if (::getpid() == owner_) {
      object_->~T();
    }
    ::munmap(object_, sizeof(T));
  }

  T& operator*() const { return *object_; }
  T* operator->() const { return object_; }

 private:
  pid_t owner_;
  T* object_ = nullptr;
};

}  // namespace lab08
