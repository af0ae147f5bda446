/// @file api_faults.hpp
/// @brief What the loopback API server does wrong on purpose: latency added to requests and
/// failures injected into them.
///
/// Both are chosen by path pattern: an exact path (`/starlink/5f00...`), or a pattern where `*`
/// stands for any run of characters (`/pages*`, `/whitelabels/*/connections`). Patterns match
/// the path only, never the query string.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace conclab {

/// How long the server waits before it answers a request: a fixed time, or one drawn
/// uniformly from [min, max] for each request.
///
/// Drawn times are seeded: the Nth request for a given path always waits as long, whatever
/// the order requests arrive in (the draw depends on the server's seed, the path and N).
struct Latency {
  std::chrono::milliseconds min{0};  ///< Shortest wait.
  std::chrono::milliseconds max{0};  ///< Longest wait; equal to min for a fixed latency.

  /// Every request waits exactly `duration`.
  static Latency fixed(std::chrono::milliseconds duration) { return {duration, duration}; }
  /// Each request waits a seeded uniform time from `shortest` to `longest` (inclusive).
  static Latency uniform(std::chrono::milliseconds shortest, std::chrono::milliseconds longest) {
    return {shortest, longest};
  }
  /// Equal when both bounds are.
  friend bool operator==(const Latency&, const Latency&) = default;
};

/// A latency for the requests whose path matches `pattern`.
struct PathLatency {
  std::string pattern{};  ///< Exact path, or a pattern with `*` (see the file comment).
  Latency latency{};      ///< What those requests wait instead of the server-wide latency.
};

/// What an injected failure does to a request.
enum class FailureKind {
  forbidden,       ///< Answers 403 with a JSON error body.
  not_found,       ///< Answers 404 with a JSON error body.
  server_error,    ///< Answers 500 with a JSON error body.
  reset,           ///< Closes the connection without any response (the client sees an error).
  slow,            ///< Answers normally, after an extra delay (FailureRule::delay).
  malformed_json,  ///< Answers 200 with a JSON content type and a body that is not valid JSON.
};

/// Makes requests whose path matches `pattern` fail in the way `kind` says.
///
/// Each rule counts the requests that match it, from 1, in the order they reach the server.
/// With `nth` = 0 every matching request fails; otherwise only the request that rule counts as
/// number `nth` does ("the 7th connection request fails").
struct FailureRule {
  std::string pattern{};                         ///< Exact path, or a pattern with `*`.
  FailureKind kind = FailureKind::server_error;  ///< What happens to the request.
  std::uint64_t nth = 0;                         ///< 0: every matching request; N: only the Nth.
  std::chrono::milliseconds delay{2000};         ///< The extra delay of FailureKind::slow.
};

/// The name of `kind` as parse_failure_rule() reads it: "403", "404", "500", "reset", "slow",
/// "malformed".
std::string_view to_string(FailureKind kind);

/// Reads a latency: `20` (fixed, in milliseconds) or `10..50` (uniform, inclusive).
/// Throws std::invalid_argument when `text` is neither.
Latency parse_latency(std::string_view text);

/// Reads `PATTERN=SPEC` (as parse_latency() reads SPEC) into a PathLatency.
/// Throws std::invalid_argument when `text` is malformed.
PathLatency parse_path_latency(std::string_view text);

/// Reads a failure rule written `PATTERN=KIND[:DELAY_MS][@N]`, for example `/starlink/abc=404`,
/// `/connections*=500@7` or `/pages*=slow:1500`. KIND is a name to_string() gives; DELAY_MS
/// is allowed for "slow" only. Throws std::invalid_argument when `text` is malformed.
FailureRule parse_failure_rule(std::string_view text);

/// Whether `path` matches `pattern`: equal, where each `*` of the pattern stands for any run
/// of characters (also none, also '/').
bool path_matches(std::string_view pattern, std::string_view path);

}  // namespace conclab
