// The server's latencies and failure rules, changeable while it runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conclab/api_faults.hpp"

namespace conclab::server {

/// Decides, per request, how long it waits and whether it fails. Thread-safe.
class FaultPlan {
 public:
  FaultPlan(std::uint64_t seed, Latency latency, std::vector<PathLatency> path_latencies,
            const std::vector<FailureRule>& failures);

  /// How long request number `ordinal` (from 1) for `path` waits: the latency of the first
  /// path pattern that matches, else the server-wide one; a drawn one depends only on the
  /// seed, the path and the ordinal.
  [[nodiscard]] std::chrono::milliseconds latency_for(std::string_view path,
                                                      std::uint64_t ordinal) const;

  /// Counts the request against every rule that matches `path`, and returns the first rule
  /// that fires for it, if any. Call once per request, when it arrives.
  [[nodiscard]] std::optional<FailureRule> failure_for(std::string_view path);

  void set_latency(Latency latency);
  void set_path_latency(const std::string& pattern, Latency latency);
  void add_failure(FailureRule rule);
  void clear_failures();

 private:
  /// A rule and how many requests matched it so far.
  struct CountedRule {
    FailureRule rule;
    std::uint64_t matched = 0;
  };

  std::uint64_t seed_;
  mutable std::mutex mutex_;
  Latency latency_;
  std::vector<PathLatency> path_latencies_;
  std::vector<CountedRule> rules_;
};

}  // namespace conclab::server
