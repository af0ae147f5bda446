/// @file release_on_exit.hpp
/// @brief A guard that releases an ApiServer's held requests, for tests that prove overlap.
#pragma once

#include "conclab/api_server.hpp"

namespace conclab::testing {

/// Calls `server.release_requests()` when it goes out of scope, so that a failed check never
/// leaves a thread waiting for a held request. Declare it after the thread that sends the
/// requests: it is destroyed first, so the thread can finish and be joined.
/// @code
///   server.hold_requests();
///   std::jthread fetch([&] { fetch_all(server.base_url(), paths, 8); });
///   const conclab::testing::ReleaseOnExit release(server);
///   EXPECT_TRUE(server.wait_until_in_flight(8, 30s));
/// @endcode
class ReleaseOnExit {
 public:
  /// Guards `server`, which must outlive the guard.
  explicit ReleaseOnExit(ApiServer& server) : server_(server) {}
  ReleaseOnExit(const ReleaseOnExit&) = delete;
  ReleaseOnExit& operator=(const ReleaseOnExit&) = delete;
  ReleaseOnExit(ReleaseOnExit&&) = delete;
  ReleaseOnExit& operator=(ReleaseOnExit&&) = delete;
  /// Releases the server's held requests.
  ~ReleaseOnExit() { server_.release_requests(); }

 private:
  ApiServer& server_;
};

}  // namespace conclab::testing
