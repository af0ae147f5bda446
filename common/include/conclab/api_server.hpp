/// @file api_server.hpp
/// @brief A real HTTP server on 127.0.0.1 that serves seeded JSON data with injected latency
/// and failures, for labs that fetch records over the network.
///
/// Endpoints (all GET; HEAD works too; other methods get 405):
///
/// | Path                               | Answer                                              |
/// |------------------------------------|-----------------------------------------------------|
/// | `/whitelabels`                     | `[{"whitelabelid":1,"company":"..."}, ...]` (22)    |
/// | `/whitelabels/{id}`                | one whitelabel                                      |
/// | `/whitelabels/{id}/connections`    | that whitelabel's connections (maybe `[]`)          |
/// | `/connections?whitelabel={id}`     | the same list, asked the way the course notes do    |
/// | `/connections/{id}`                | one connection                                      |
/// | `/starlink` (`?limit=N`)           | `["5f00...", ...]`: satellite ids (100)             |
/// | `/starlink/{id}`                   | one satellite record, fields under `spaceTrack`     |
/// | `/pages` (`?limit=N`)              | `[1, 2, ...]`: page ids (80)                        |
/// | `/pages/{id}`                      | `{"id":1,"title":"...","body":"..."}`               |
/// | `/pages/{id}/html`                 | the same page as text/html with a `<title>`         |
/// | `/health`                          | `{"status":"ok"}`                                   |
/// | `/stats`                           | the counters of stats() as JSON                     |
/// | `POST /stats/reset`                | reset_stats(); answers the counters after it        |
///
/// Connection objects look like `{"id":..,"whitelabelid":..,"set_id":..,"set_name":"..",
/// "columns":{"Row_ID":{"type":"Number","primary_key":true,"hash":false,"description":""}}}`;
/// satellite records like `{"id":"..","version":"v1.0","height_km":..,"latitude":..,
/// "longitude":..,"velocity_kms":..,"spaceTrack":{"OBJECT_NAME":"STARLINK-1007",
/// "LAUNCH_DATE":"2019-11-11","DECAY_DATE":null,"NORAD_CAT_ID":44713}}`.
///
/// Errors are JSON too: `{"status":404,"error":"Not Found","detail":"...","path":"..."}`, with
/// `"injected":true` added when a FailureRule caused them. A malformed id ("abc" where a number
/// belongs) or query (`?limit=x`, an unknown parameter) gets 400; a well-formed id that does
/// not exist gets 404; an unknown path 404.
///
/// `/health` and `/stats` are for tools and tests: they are never delayed, never fail on
/// purpose and are not counted in stats().
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "conclab/api_datasets.hpp"
#include "conclab/api_faults.hpp"

namespace conclab {

/// How many requests the server handles at once unless told otherwise.
inline constexpr std::size_t kDefaultMaxConcurrentRequests = 1024;

/// How an ApiServer is set up.
struct ServerOptions {
  /// The port to listen on (on 127.0.0.1 only); 0 picks a free one.
  std::uint16_t port = 0;
  /// Seed of the data (ApiDatasets) and of drawn latencies.
  std::uint64_t seed = kDefaultDatasetSeed;
  /// Latency of every request whose path matches none of `path_latencies`.
  Latency latency{};
  /// Latencies for some paths; the first pattern that matches a path decides.
  std::vector<PathLatency> path_latencies{};
  /// Failures to inject; a request meets the first rule that fires for it.
  std::vector<FailureRule> failures{};
  /// How many requests the server serves at the same time (counted in flight, held, sleeping
  /// their latency). More wait, uncounted, until one of those is answered.
  std::size_t max_concurrent_requests = kDefaultMaxConcurrentRequests;
  /// How long a keep-alive connection may stay idle before the server closes it.
  std::chrono::seconds keep_alive_timeout{2};
};

/// Counters of the requests a server has handled (not counting `/health` and `/stats`).
struct ServerStats {
  /// Requests finished: answered, failed on purpose, or dropped by FailureKind::reset.
  std::uint64_t requests_served = 0;
  /// Requests inside the server now (waiting, held or being answered).
  std::uint64_t requests_in_flight = 0;
  /// The most requests that were inside the server at the same time.
  std::uint64_t max_in_flight = 0;
  /// Requests a FailureRule fired for.
  std::uint64_t failures_injected = 0;
  /// Requests per path (without the query string).
  std::map<std::string, std::uint64_t, std::less<>> requests_by_path{};
};

/// An HTTP server on 127.0.0.1, running from construction to destruction, serving the
/// ApiDatasets of its seed (see the endpoint table in the file comment).
///
/// Every method may be called from any thread while the server runs. A lab test uses it like:
/// @code
///   conclab::ApiServer server({.latency = conclab::Latency::fixed(20ms)});
///   httplib::Client client(server.base_url());
///   auto response = client.Get("/starlink");
/// @endcode
///
/// To prove that requests overlapped, without trusting a clock: hold_requests(), start the
/// clients, wait_until_in_flight(N, timeout), then release_requests(); max_in_flight is then
/// at least N.
class ApiServer {
 public:
  /// Starts serving; the server accepts connections when the constructor returns.
  /// Throws std::runtime_error when it cannot listen (the port is taken).
  explicit ApiServer(ServerOptions options = {});
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;
  ApiServer(ApiServer&&) = delete;
  ApiServer& operator=(ApiServer&&) = delete;
  /// Stops serving: requests sleeping their latency or held get 503 at once, every connection
  /// is closed and the server's thread joined.
  ~ApiServer();

  /// The port the server listens on.
  [[nodiscard]] std::uint16_t port() const;
  /// "http://127.0.0.1:PORT", for httplib::Client.
  [[nodiscard]] std::string base_url() const;
  /// The data the server serves.
  [[nodiscard]] const ApiDatasets& datasets() const;

  /// A snapshot of the counters.
  [[nodiscard]] ServerStats stats() const;
  /// Sets the counters to zero; max_in_flight starts again from the requests in flight now.
  /// The counts of the failure rules (for FailureRule::nth) are not reset.
  void reset_stats();
  /// Waits until at least `count` requests are in flight at once; false when `timeout` passes
  /// first.
  [[nodiscard]] bool wait_until_in_flight(std::size_t count,
                                          std::chrono::milliseconds timeout) const;
  /// The same, but gives up as soon as `returned` is true: the call that sends the requests has
  /// returned, so no more of them will come. For a test that holds requests (hold_requests), in
  /// which a working call cannot return before they are released: code that never sends them
  /// (a stub that returns at once) fails in milliseconds, not after the whole `timeout`.
  [[nodiscard]] bool wait_until_in_flight(std::size_t count, std::chrono::milliseconds timeout,
                                          const std::atomic<bool>& returned) const;

  /// From now on, requests stay in the server (counted as in flight) until release_requests().
  void hold_requests();
  /// Lets held requests, and later ones, go on.
  void release_requests();

  /// Changes the latency of requests that match no path latency.
  void set_latency(Latency latency);
  /// Sets the latency of paths matching `pattern`, replacing the one that pattern had.
  void set_path_latency(const std::string& pattern, Latency latency);
  /// Adds a failure rule after the others; it counts requests from now on.
  void add_failure(FailureRule rule);
  /// Removes every failure rule.
  void clear_failures();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace conclab
