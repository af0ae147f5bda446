/// @file shared_counter.hpp
/// @brief Seed 001's Manager dict, counting per pid, rebuilt on shared memory and a mutex that
/// processes share.
#pragma once

#include <pthread.h>

#include <array>
#include <cstddef>
#include <map>

namespace lab07 {

/// A mutex for processes: it works between fork()ed processes that share the memory it lives in,
/// and it survives the death of a process that held it (a robust mutex).
///
/// It must be constructed in memory the processes share (a MAP_SHARED mapping made before
/// fork(), as PidCounter does); a RobustMutex in ordinary memory is copied by fork() and then
/// shared by nobody. Threads may use it too. It meets BasicLockable, so std::scoped_lock takes it.
class RobustMutex {
 public:
  /// A process-shared (PTHREAD_PROCESS_SHARED), robust (PTHREAD_MUTEX_ROBUST) mutex.
  /// @throws std::system_error if pthread refuses the attributes.
  RobustMutex();
  ~RobustMutex();
  RobustMutex(const RobustMutex&) = delete;
  RobustMutex& operator=(const RobustMutex&) = delete;

  /// Takes the lock. Returns true when its previous owner died holding it (pthread says
  /// EOWNERDEAD): the lock is then held by the caller and usable again, but the data it guards
  /// may be half updated, so the caller must repair it before unlocking. Returns false
  /// otherwise.
  /// @throws std::system_error when the mutex cannot be locked.
  bool lock();

  /// Releases the lock.
  void unlock();

 private:
  pthread_mutex_t mutex_{};  ///< Initialised by the constructor, with the attributes above.
};

/// A table of counts by key (seed 001 counts by process id), shared by every process fork()ed
/// after it was made: each one's add() is seen by all the others, and by the parent.
///
/// The table lives in an anonymous shared mapping (mmap with MAP_SHARED | MAP_ANONYMOUS), made
/// by the constructor and unmapped by the destructor; a RobustMutex inside it guards every
/// read and write. Every operation is atomic as a whole, also for threads of one process.
class PidCounter {
 public:
  /// How many different keys the table holds.
  static constexpr std::size_t kCapacity = 64;

  /// The whole table as seen at one moment.
  struct Snapshot {
    std::map<int, long> counts;  ///< Each key that was counted, and its count.
    long total = 0;              ///< The sum of every add(): equals the sum of `counts`.
  };

  /// Maps a new, empty table.
  /// @throws std::system_error when mmap() fails.
  PidCounter();
  /// Unmaps the table (in the process that made it; children leave with _exit()).
  ~PidCounter();
  PidCounter(const PidCounter&) = delete;
  PidCounter& operator=(const PidCounter&) = delete;

  /// Adds `amount` to `key`'s count (a key seen for the first time takes a free slot), and to
  /// the total, as one step.
  /// @throws std::length_error when the key is new and all kCapacity slots are taken.
  void add(int key, long amount);

  /// `key`'s count, 0 for a key never counted.
  [[nodiscard]] long count(int key) const;

  /// The sum of every amount added.
  [[nodiscard]] long total() const;

  /// Every count and the total, read together under the lock: the counts always add up to the
  /// total.
  [[nodiscard]] Snapshot snapshot() const;

  /// How many times a process found the lock abandoned by a process that died holding it, and
  /// repaired the table.
  [[nodiscard]] int recoveries() const;

 private:
  /// One key's entry.
  struct Slot {
    bool used = false;  ///< Whether a key has taken this slot.
    int key = 0;        ///< The key (a pid), when used.
    long count = 0;     ///< Its count.
  };
  /// What the shared mapping holds.
  struct Table {
    RobustMutex mutex;  ///< Guards everything below.
    std::array<Slot, kCapacity> slots{};
    long total = 0;      ///< Always the sum of the slots' counts, under the lock.
    int recoveries = 0;  ///< See recoveries().
  };
  /// Holds the table's lock for its lifetime; when the lock was abandoned by a dead process,
  /// repairs the table first (the total is recomputed from the slots) and counts a recovery.
  class TableLock;

  Table* table_ = nullptr;  ///< In the shared mapping.
};

}  // namespace lab07
