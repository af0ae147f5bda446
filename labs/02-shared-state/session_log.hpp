/// @file session_log.hpp
/// @brief The record every Session keeps of itself, so that tests and the demo can see how many
/// sessions there were, which thread made each one and which threads used it.
#pragma once

#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

namespace lab02 {

/// What the log knows about one session.
struct SessionRecord {
  std::thread::id owner;     ///< The thread that created it.
  std::size_t requests = 0;  ///< The requests it sent for its owner.
  std::size_t refused = 0;   ///< The calls from other threads that it refused.
  bool alive = true;         ///< False once it has been destroyed.
};

/// A record for every Session this process ever created, numbered 0, 1, 2, ... in the order
/// they were created. Every member function may be called from any thread.
class SessionLog {
 public:
  /// Adds a record for a session created by thread `owner`; returns the session's number.
  std::size_t created(std::thread::id owner);
  /// Counts a request that session `session` sent.
  void sent(std::size_t session);
  /// Counts a call to session `session` that it refused (it came from another thread).
  void refused(std::size_t session);
  /// Marks session `session` as destroyed.
  void destroyed(std::size_t session);

  /// A copy of every record, by session number.
  [[nodiscard]] std::vector<SessionRecord> records() const;

 private:
  mutable std::mutex mutex_;
  std::vector<SessionRecord> records_;  // guarded by mutex_
};

/// The log every Session of this process reports to. It is never destroyed, so that a session
/// that lives until its thread ends can still report then.
SessionLog& session_log();

}  // namespace lab02
