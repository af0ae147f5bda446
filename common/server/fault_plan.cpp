#include "fault_plan.hpp"

#include <algorithm>
#include <utility>

#include "seeded_random.hpp"

namespace conclab::server {

namespace {

/// A seeded draw from [latency.min, latency.max], in whole milliseconds.
std::chrono::milliseconds draw(const Latency& latency, std::uint64_t seed, std::string_view path,
                               std::uint64_t ordinal) {
  if (latency.max <= latency.min) {
    return latency.min;
  }
  const auto span = static_cast<std::uint64_t>((latency.max - latency.min).count()) + 1;
  const std::uint64_t hash = mix64(seed ^ mix64(hash_text(path) ^ mix64(ordinal)));
  return latency.min + std::chrono::milliseconds(static_cast<std::int64_t>(hash % span));
}

}  // namespace

FaultPlan::FaultPlan(std::uint64_t seed, Latency latency, std::vector<PathLatency> path_latencies,
                     const std::vector<FailureRule>& failures)
    : seed_(seed), latency_(latency), path_latencies_(std::move(path_latencies)) {
  for (const FailureRule& rule : failures) {
    rules_.push_back({rule, 0});
  }
}

std::chrono::milliseconds FaultPlan::latency_for(std::string_view path,
                                                 std::uint64_t ordinal) const {
  Latency latency;
  {
    const std::scoped_lock lock(mutex_);
    const auto match = std::find_if(
        path_latencies_.begin(), path_latencies_.end(),
        [&](const PathLatency& candidate) { return path_matches(candidate.pattern, path); });
    latency = match == path_latencies_.end() ? latency_ : match->latency;
  }
  return draw(latency, seed_, path, ordinal);
}

std::optional<FailureRule> FaultPlan::failure_for(std::string_view path) {
  const std::scoped_lock lock(mutex_);
  std::optional<FailureRule> fired;
  for (CountedRule& counted : rules_) {
    if (!path_matches(counted.rule.pattern, path)) {
      continue;
    }
    ++counted.matched;
    const bool fires = counted.rule.nth == 0 || counted.rule.nth == counted.matched;
    if (fires && !fired) {
      fired = counted.rule;
    }
  }
  return fired;
}

void FaultPlan::set_latency(Latency latency) {
  const std::scoped_lock lock(mutex_);
  latency_ = latency;
}

void FaultPlan::set_path_latency(const std::string& pattern, Latency latency) {
  const std::scoped_lock lock(mutex_);
  const auto known =
      std::find_if(path_latencies_.begin(), path_latencies_.end(),
                   [&](const PathLatency& candidate) { return candidate.pattern == pattern; });
  if (known == path_latencies_.end()) {
    path_latencies_.push_back({pattern, latency});
  } else {
    known->latency = latency;
  }
}

void FaultPlan::add_failure(FailureRule rule) {
  const std::scoped_lock lock(mutex_);
  rules_.push_back({std::move(rule), 0});
}

void FaultPlan::clear_failures() {
  const std::scoped_lock lock(mutex_);
  rules_.clear();
}

}  // namespace conclab::server
