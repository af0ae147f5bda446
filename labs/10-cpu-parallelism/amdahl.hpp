/// @file amdahl.hpp
/// @brief Amdahl's law: the speedup a serial fraction allows, and the serial fraction that
/// best explains a measured speedup curve.
#pragma once

#include <ostream>
#include <span>

namespace lab10 {

/// One measured point of a speedup curve.
struct SpeedupPoint {
  unsigned threads = 1;  ///< Threads (or processes) used.
  double speedup = 1;    ///< Time on one thread / time on `threads`.
};

/// Amdahl's law: the speedup on p threads of a program whose fraction `serial_fraction` of
/// the one-thread time cannot run in parallel: 1 / (s + (1 - s) / p).
double amdahl_speedup(double serial_fraction, unsigned threads);

/// The serial fraction s in [0, 1] that best fits the points: the least-squares fit of
/// 1/S = s + (1 - s)/p. Points with one thread say nothing about s and are ignored. Throws
/// std::invalid_argument when no point has more than one thread, or a point has threads == 0
/// or a speedup that is not a positive finite number.
double fit_serial_fraction(std::span<const SpeedupPoint> points);

/// GoogleTest prints a point as "p=4: 3.2x".
inline void PrintTo(const SpeedupPoint& point, std::ostream* out) {
  *out << "p=" << point.threads << ": " << point.speedup << "x";
}

}  // namespace lab10
