#include "shared_counter.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <new>
#include <numeric>
#include <stdexcept>
#include <system_error>

namespace lab07 {
namespace {

void check(int result, const char* what) {
  if (result != 0) {
    throw std::system_error(result, std::generic_category(), what);
  }
}

}  // namespace

RobustMutex::RobustMutex() {
  pthread_mutexattr_t attributes;
  check(::pthread_mutexattr_init(&attributes), "pthread_mutexattr_init");
  // Shared: other processes lock the same memory. Robust: if the owner dies holding the lock,
  // the next locker is told (EOWNERDEAD) instead of waiting forever.
  int result = ::pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
  if (result == 0) {
    result = ::pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST);
  }
  if (result == 0) {
    result = ::pthread_mutex_init(&mutex_, &attributes);
  }
  ::pthread_mutexattr_destroy(&attributes);
  check(result, "RobustMutex");
}

RobustMutex::~RobustMutex() {
  ::pthread_mutex_destroy(&mutex_);
}

bool RobustMutex::lock() {
  const int result = ::pthread_mutex_lock(&mutex_);
  if (result == EOWNERDEAD) {
    // We hold the lock now, but its owner died holding it. Marking it consistent lets it be
    // used again after our unlock (without this, it becomes unusable: ENOTRECOVERABLE). The
    // caller repairs the data.
    check(::pthread_mutex_consistent(&mutex_), "pthread_mutex_consistent");
    return true;
  }
  check(result, "pthread_mutex_lock");
  return false;
}

void RobustMutex::unlock() {
  ::pthread_mutex_unlock(&mutex_);
}

class PidCounter::TableLock {
 public:
  explicit TableLock(Table& table) : table_(table) {
    if (table_.mutex.lock()) {
      // A process died inside add(), perhaps between its two writes: the slots are the
      // record, so the total is made to agree with them again.
      table_.total = std::accumulate(table_.slots.begin(), table_.slots.end(), 0L,
                                     [](long sum, const Slot& slot) { return sum + slot.count; });
      ++table_.recoveries;
    }
  }
  ~TableLock() { table_.mutex.unlock(); }
  TableLock(const TableLock&) = delete;
  TableLock& operator=(const TableLock&) = delete;

 private:
  Table& table_;
};

PidCounter::PidCounter() {
  // Anonymous and shared: no file behind it, and children made by fork() see the same pages
  // (MAP_PRIVATE would give each child its own copy on write).
  void* memory =
      ::mmap(nullptr, sizeof(Table), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) {
    throw std::system_error(errno, std::generic_category(), "mmap");
  }
  try {
    table_ = new (memory) Table;  // constructs the RobustMutex in place, in shared memory
  } catch (...) {
    ::munmap(memory, sizeof(Table));
    throw;
  }
}

PidCounter::~PidCounter() {
  table_->~Table();
  ::munmap(table_, sizeof(Table));
}

void PidCounter::add(int key, long amount) {
  const TableLock lock(*table_);
  // Finding the key's slot (or a free one) happens under the same lock as the update: two
  // processes must not both take the same free slot for different keys.
  Slot* free_slot = nullptr;
  for (Slot& slot : table_->slots) {
    if (slot.used && slot.key == key) {
      slot.count += amount;
      table_->total += amount;
      return;
    }
    if (!slot.used && free_slot == nullptr) {
      free_slot = &slot;
    }
  }
  if (free_slot == nullptr) {
    throw std::length_error("PidCounter: every slot is taken");
  }
  *free_slot = Slot{.used = true, .key = key, .count = amount};
  table_->total += amount;
}

long PidCounter::count(int key) const {
  const TableLock lock(*table_);
  for (const Slot& slot : table_->slots) {
    if (slot.used && slot.key == key) {
      return slot.count;
    }
  }
  return 0;
}

long PidCounter::total() const {
  const TableLock lock(*table_);
  return table_->total;
}

PidCounter::Snapshot PidCounter::snapshot() const {
  const TableLock lock(*table_);
  Snapshot snapshot;
  for (const Slot& slot : table_->slots) {
    if (slot.used) {
      snapshot.counts[slot.key] = slot.count;
    }
  }
  snapshot.total = table_->total;
  return snapshot;
}

int PidCounter::recoveries() const {
  const TableLock lock(*table_);
  return table_->recoveries;
}

}  // namespace lab07
