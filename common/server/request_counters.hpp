// The counters behind ApiServer::stats(): served, in flight, most in flight at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "conclab/api_server.hpp"

namespace conclab::server {

/// Counts requests as they enter and leave the server. Thread-safe.
class RequestCounters {
 public:
  /// Counts a request for `path` entering; returns its arrival number for that path (from 1,
  /// never reset, so latencies drawn from it do not repeat after reset()).
  std::uint64_t enter(std::string_view path);
  /// Counts a request leaving; `failure_injected` when a failure rule fired for it.
  void leave(bool failure_injected);

  /// A copy of the counters.
  [[nodiscard]] ServerStats snapshot() const;
  /// Zeroes the counters; the maximum starts again from the requests in flight.
  void reset();
  /// Waits until `count` requests are in flight at once, or `timeout` passes (false).
  [[nodiscard]] bool wait_until_in_flight(std::size_t count,
                                          std::chrono::milliseconds timeout) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable in_flight_changed_;
  ServerStats stats_;
  std::map<std::string, std::uint64_t, std::less<>> arrivals_;
};

/// Counts one request in for as long as it lives.
class CountedRequest {
 public:
  CountedRequest(RequestCounters& counters, std::string_view path)
      : counters_(counters), ordinal_(counters.enter(path)) {}
  CountedRequest(const CountedRequest&) = delete;
  CountedRequest& operator=(const CountedRequest&) = delete;
  CountedRequest(CountedRequest&&) = delete;
  CountedRequest& operator=(CountedRequest&&) = delete;
  ~CountedRequest() { counters_.leave(failure_injected_); }

  /// Its arrival number for its path.
  [[nodiscard]] std::uint64_t ordinal() const { return ordinal_; }
  /// Records that a failure rule fired for it.
  void mark_failure_injected() { failure_injected_ = true; }

 private:
  RequestCounters& counters_;
  std::uint64_t ordinal_;
  bool failure_injected_ = false;
};

}  // namespace conclab::server
