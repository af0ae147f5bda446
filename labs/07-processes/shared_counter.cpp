#include "shared_counter.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <new>
#include <numeric>
#include <stdexcept>
#include <system_error>

namespace lab07 {

RobustMutex::RobustMutex() {
  // TODO(task 4): pthread_mutexattr_init, then make the mutex shared between processes
  // (pthread_mutexattr_setpshared) and robust (pthread_mutexattr_setrobust), then
  // pthread_mutex_init(&mutex_, &attributes). Throw std::system_error if a call fails.
  ::pthread_mutex_init(&mutex_, nullptr);
}

RobustMutex::~RobustMutex() {
  ::pthread_mutex_destroy(&mutex_);
}

bool RobustMutex::lock() {
  // TODO(task 4): when pthread_mutex_lock() returns EOWNERDEAD, call pthread_mutex_consistent()
  // and return true. Throw std::system_error for any other error.
  ::pthread_mutex_lock(&mutex_);
  return false;
}

void RobustMutex::unlock() {
  ::pthread_mutex_unlock(&mutex_);
}

class PidCounter::TableLock {
 public:
  explicit TableLock(Table& table) : table_(table) {
    // TODO(task 4): lock the table's mutex; if its owner died, recompute table_.total from the
    // slots and count a recovery.
    static_cast<void>(table_);
  }
  ~TableLock() {
    // TODO(task 4): unlock.
  }
  TableLock(const TableLock&) = delete;
  TableLock& operator=(const TableLock&) = delete;

 private:
  Table& table_;
};

PidCounter::PidCounter() {
  // TODO(task 4): mmap a MAP_SHARED | MAP_ANONYMOUS mapping of sizeof(Table) bytes and construct
  // the Table in it with placement new. In ordinary memory, each child would count in its own
  // copy.
  throw std::logic_error("TODO(task 4): PidCounter()");
}

PidCounter::~PidCounter() {
  // TODO(task 4): destroy the Table and munmap it.
}

void PidCounter::add(int key, long amount) {
  // TODO(task 4): under a TableLock, find key's slot (or take a free one) and add `amount` to
  // it and to the total. std::length_error when no slot is left.
  static_cast<void>(key);
  static_cast<void>(amount);
}

long PidCounter::count(int key) const {
  // TODO(task 4): key's count, read under the lock.
  static_cast<void>(key);
  return 0;
}

long PidCounter::total() const {
  // TODO(task 4)
  return 0;
}

PidCounter::Snapshot PidCounter::snapshot() const {
  // TODO(task 4): every used slot and the total, read under one lock.
  return {};
}

int PidCounter::recoveries() const {
  // TODO(task 4)
  return 0;
}

}  // namespace lab07
