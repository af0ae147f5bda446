#include "conclab/speedup.hpp"

#include "conclab/cores.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

using namespace std::chrono_literals;

TEST_CASE("measure_speedup compares the best times of both variants") {
  int sequential_runs = 0;
  int parallel_runs = 0;
  const auto measured = conclab::measure_speedup(
      [&] { ++sequential_runs; std::this_thread::sleep_for(20ms); },
      [&] { ++parallel_runs; std::this_thread::sleep_for(5ms); }, 3);
  CHECK(sequential_runs == 4);  // one warm-up and three rounds
  CHECK(parallel_runs == 4);
  CHECK(measured.rounds == 3);
  // Sleeping never ends early, and best-of-3 is rarely late by much: a ratio, not a time.
  CHECK(measured.sequential_seconds >= 0.020);
  CHECK(measured.speedup() > 2.0);
  CHECK(measured.describe().starts_with("speedup "));
}

TEST_CASE("a measurement with no parallel time has no speedup") {
  CHECK(conclab::SpeedupMeasurement{}.speedup() == 0.0);
}

TEST_CASE("speedup is measurable only with two or more cores") {
  const std::string reason = conclab::speedup_unmeasurable_reason();
#ifdef CONCLAB_UNDER_SANITIZER
  CHECK(reason.find("sanitizer") != std::string::npos);
#else
  CHECK(reason.empty() == (conclab::available_cores() >= 2));
#endif
}

TEST_CASE("cpu pressure only grows") {
  const long long before = conclab::cpu_pressure_microseconds();
  const long long after = conclab::cpu_pressure_microseconds();
  CHECK(after >= before);  // -1 twice where the kernel has no pressure information
}
