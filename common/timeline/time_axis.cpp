#include "time_axis.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

namespace conclab::detail {
namespace {

/// The smallest of 1, 2, 5 times a power of ten that is at least `rough`.
double round_step(double rough) {
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  for (const double factor : {1.0, 2.0, 5.0}) {
    if (factor * power >= rough) {
      return factor * power;
    }
  }
  return 10 * power;
}

}  // namespace

std::vector<double> axis_ticks(double length_us, int about) {
  // A zero-length chart (one instant span) still gets an axis, a microsecond long.
  const double length = std::max(length_us, 1.0);
  const double step = round_step(length / std::max(about, 1));
  std::vector<double> ticks;
  // Counted, not summed, so rounding errors cannot add up to a missing last tick.
  for (int index = 0; static_cast<double>(index) * step <= length * (1 + 1e-9); ++index) {
    ticks.push_back(static_cast<double>(index) * step);
  }
  return ticks;
}

std::string tick_label(double tick_us, double largest_tick_us) {
  if (largest_tick_us >= 1e6) {
    return fmt::format("{:g} s", tick_us / 1e6);
  }
  if (largest_tick_us >= 1e3) {
    return fmt::format("{:g} ms", tick_us / 1e3);
  }
  return fmt::format("{:g} µs", tick_us);
}

std::string readable_time(double microseconds) {
  const double size = std::abs(microseconds);
  if (size >= 1e6) {
    return fmt::format("{:.4g} s", microseconds / 1e6);
  }
  if (size >= 1e3) {
    return fmt::format("{:.4g} ms", microseconds / 1e3);
  }
  return fmt::format("{:.4g} µs", microseconds);
}

}  // namespace conclab::detail
