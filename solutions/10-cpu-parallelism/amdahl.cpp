#include "amdahl.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lab10 {

double amdahl_speedup(double serial_fraction, unsigned threads) {
  if (threads == 0) {
    throw std::invalid_argument("amdahl_speedup: threads must be at least 1");
  }
  return 1.0 / (serial_fraction + (1.0 - serial_fraction) / threads);
}

double fit_serial_fraction(std::span<const SpeedupPoint> points) {
  // 1/S = s + (1 - s)/p rearranges to 1/S - 1/p = s * (1 - 1/p): a line through the origin,
  // y = s * x, whose least-squares slope is sum(x*y) / sum(x*x).
  double xy = 0;
  double xx = 0;
  for (const SpeedupPoint& point : points) {
    if (point.threads == 0 || !std::isfinite(point.speedup) || point.speedup <= 0) {
      throw std::invalid_argument(
          "fit_serial_fraction: a point needs threads >= 1 and a "
          "positive finite speedup");
    }
    const double x = 1.0 - 1.0 / point.threads;  // 0 for one thread: no weight in the fit
    const double y = 1.0 / point.speedup - 1.0 / point.threads;
    xy += x * y;
    xx += x * x;
  }
  if (xx == 0) {
    throw std::invalid_argument("fit_serial_fraction: no point with more than one thread");
  }
  // Noise can put the slope outside [0, 1] (a superlinear point, say); a fraction cannot be.
  return std::clamp(xy / xx, 0.0, 1.0);
}

}  // namespace lab10
