// Where requests wait inside the server: while held, and for their latency.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace conclab::server {

/// Holds requests back and sleeps their latency; stop() cuts every wait short, so the server
/// can shut down without waiting out latencies. Thread-safe.
///
/// Latency sleeps share no lock: hundreds of requests wake at about the same time, and making
/// them take turns on one mutex would delay the last of them.
class WaitRoom {
 public:
  /// Requests that call wait_while_held() from now on wait until release().
  void hold();
  /// Lets held requests go on.
  void release();
  /// Ends every wait, now and later, for good.
  void stop();

  /// Waits while requests are held; false when the room was stopped.
  [[nodiscard]] bool wait_while_held();
  /// Sleeps for `duration`; false when the room was stopped first (noticed within
  /// kStopCheckInterval).
  [[nodiscard]] bool sleep_for(std::chrono::milliseconds duration) const;

  /// How often a long sleep checks whether the room was stopped.
  static constexpr std::chrono::milliseconds kStopCheckInterval{25};

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;
  std::atomic<bool> stopped_{false};
};

}  // namespace conclab::server
