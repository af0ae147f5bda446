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
      [&] {
        ++sequential_runs;
        std::this_thread::sleep_for(20ms);
      },
      [&] {
        ++parallel_runs;
        std::this_thread::sleep_for(5ms);
      },
      3);
  // Three undisturbed rounds at least; more while other tasks disturb them, 12 at most.
  CHECK(measured.rounds >= 3);
  CHECK(measured.rounds <= 12);
  CHECK(measured.disturbed_rounds <= measured.rounds);
  CHECK(sequential_runs == measured.rounds + 1);  // and one warm-up run
  CHECK(parallel_runs == measured.rounds + 1);
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
