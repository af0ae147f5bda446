#include "amdahl.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace lab10 {

double amdahl_speedup(double serial_fraction, unsigned threads) {
  // TODO(task 4): Amdahl's law, 1 / (s + (1 - s) / p); threads == 0 is std::invalid_argument.
  (void)serial_fraction;
  (void)threads;
  throw std::logic_error("TODO: amdahl_speedup");
}

double fit_serial_fraction(std::span<const SpeedupPoint> points) {
  // TODO(task 5): with x = 1 - 1/p and y = 1/S - 1/p, Amdahl's law says y = s * x. The
  // least-squares s is sum(x * y) / sum(x * x) over the points. Validate every point first
  // (std::invalid_argument), refuse a fit with no point above one thread, and clamp s to
  // [0, 1].
  (void)points;
  throw std::logic_error("TODO: fit_serial_fraction");
}

}  // namespace lab10
