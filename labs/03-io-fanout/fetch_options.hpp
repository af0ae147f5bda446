/// @file fetch_options.hpp
/// @brief How requests are made: the client's timeout, and an optional observer of each request.
#pragma once

#include <chrono>
#include <functional>

#include "fetch_outcome.hpp"

namespace lab03 {

/// The clock requests are timed on.
using FetchClock = std::chrono::steady_clock;

/// Called once per request, on the thread that sent it, after it ended: the outcome, when the
/// request began, and when its answer had been read and parsed. The demo draws its timeline with
/// it. It may be called from several threads at once.
using FetchObserver = std::function<void(const FetchOutcome& outcome, FetchClock::time_point begin,
                                         FetchClock::time_point end)>;

/// Settings shared by every request of a fetch.
struct FetchOptions {
  /// The longest a client waits to connect, to send, and for each part of an answer. A server
  /// that stalls then costs a request this long, never forever.
  std::chrono::milliseconds timeout{5000};
  /// When set, fetch_one() reports every request to it.
  FetchObserver on_fetched{};
};

}  // namespace lab03
