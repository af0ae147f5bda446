#include "session_log.hpp"

namespace lab02 {

std::size_t SessionLog::created(std::thread::id owner) {
  const std::scoped_lock lock(mutex_);
  records_.push_back({.owner = owner});
  return records_.size() - 1;
}

void SessionLog::sent(std::size_t session) {
  const std::scoped_lock lock(mutex_);
  ++records_.at(session).requests;
}

void SessionLog::refused(std::size_t session) {
  const std::scoped_lock lock(mutex_);
  ++records_.at(session).refused;
}

void SessionLog::destroyed(std::size_t session) {
  const std::scoped_lock lock(mutex_);
  records_.at(session).alive = false;
}

std::vector<SessionRecord> SessionLog::records() const {
  const std::scoped_lock lock(mutex_);
  return records_;
}

SessionLog& session_log() {
  // Created on first use (thread-safe for a function's static) and deliberately never
  // destroyed: sessions that belong to threads ending at exit still report to it.
  static auto* const log = new SessionLog;  // NOLINT(cppcoreguidelines-owning-memory)
  return *log;
}

}  // namespace lab02
