#include "request_counters.hpp"

#include <algorithm>

namespace conclab::server {

std::uint64_t RequestCounters::enter(std::string_view path) {
  const std::scoped_lock lock(mutex_);
  ++stats_.requests_in_flight;
  stats_.max_in_flight = std::max(stats_.max_in_flight, stats_.requests_in_flight);
  auto by_path = stats_.requests_by_path.find(path);
  if (by_path == stats_.requests_by_path.end()) {
    by_path = stats_.requests_by_path.emplace(std::string(path), 0).first;
  }
  ++by_path->second;
  auto arrival = arrivals_.find(path);
  if (arrival == arrivals_.end()) {
    arrival = arrivals_.emplace(std::string(path), 0).first;
  }
  const std::uint64_t ordinal = ++arrival->second;
  in_flight_changed_.notify_all();
  return ordinal;
}

void RequestCounters::leave(bool failure_injected) {
  const std::scoped_lock lock(mutex_);
  --stats_.requests_in_flight;
  ++stats_.requests_served;
  if (failure_injected) {
    ++stats_.failures_injected;
  }
  in_flight_changed_.notify_all();
}

ServerStats RequestCounters::snapshot() const {
  const std::scoped_lock lock(mutex_);
  return stats_;
}

void RequestCounters::reset() {
  const std::scoped_lock lock(mutex_);
  stats_.requests_served = 0;
  stats_.failures_injected = 0;
  stats_.max_in_flight = stats_.requests_in_flight;
  stats_.requests_by_path.clear();
}

bool RequestCounters::wait_until_in_flight(std::size_t count,
                                           std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return in_flight_changed_.wait_for(lock, timeout,
                                     [&] { return stats_.requests_in_flight >= count; });
}

}  // namespace conclab::server
