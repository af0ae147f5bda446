/// @file new_sessions.hpp
/// @brief What the session log says about the sessions a test created.
#pragma once

#include <cstddef>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "session_log.hpp"

namespace lab02::testing {

/// The sessions created from its construction on: make one before the code under test runs.
class NewSessions {
 public:
  NewSessions() : first_(session_log().records().size()) {}

  /// The records of the sessions created since construction, oldest first.
  [[nodiscard]] std::vector<SessionRecord> records() const {
    const std::vector<SessionRecord> all = session_log().records();
    return {all.begin() + static_cast<std::ptrdiff_t>(first_), all.end()};
  }

  /// How many sessions were created since construction.
  [[nodiscard]] std::size_t count() const { return records().size(); }

  /// The threads that created them.
  [[nodiscard]] std::multiset<std::thread::id> owners() const {
    std::multiset<std::thread::id> owners;
    for (const SessionRecord& record : records()) {
      owners.insert(record.owner);
    }
    return owners;
  }

  /// The requests they sent, in all.
  [[nodiscard]] std::size_t requests() const {
    std::size_t requests = 0;
    for (const SessionRecord& record : records()) {
      requests += record.requests;
    }
    return requests;
  }

  /// The calls they refused because another thread made them, in all.
  [[nodiscard]] std::size_t refused() const {
    std::size_t refused = 0;
    for (const SessionRecord& record : records()) {
      refused += record.refused;
    }
    return refused;
  }

  /// How many of them still exist.
  [[nodiscard]] std::size_t alive() const {
    std::size_t alive = 0;
    for (const SessionRecord& record : records()) {
      alive += record.alive ? 1 : 0;
    }
    return alive;
  }

 private:
  std::size_t first_;
};

}  // namespace lab02::testing
