#include "conclab/speedup.hpp"

#include "conclab/cores.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
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
      3, 2);
  // Three undisturbed rounds at least; more while other tasks disturb them, 12 at most.
  CHECK(measured.rounds >= 3);
  CHECK(measured.rounds <= 12);
  CHECK(measured.disturbed_rounds <= measured.rounds);
  CHECK(sequential_runs == measured.rounds + 1);  // and one warm-up run
  CHECK(parallel_runs == measured.rounds + 1);
  // Sleeping never ends early, and best-of-3 is rarely late by much: a ratio, not a time.
  CHECK(measured.sequential.seconds >= 0.020);
  CHECK(measured.speedup() > 2.0);
  CHECK(measured.workers == 2);
  CHECK(measured.describe().starts_with("speedup "));
  // Sleeping uses next to no CPU.
  CHECK(measured.sequential.cpu_utilisation() < 0.5);
}

/// Busy until the calling thread has had `cpu` of CPU time, however long that takes.
void spin_for_cpu(std::chrono::milliseconds cpu) {
  const auto thread_cpu = [] {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
  };
  const auto until = thread_cpu() + cpu;
  while (thread_cpu() < until) {
  }
}

TEST_CASE("a run's cost counts the CPU time of every thread of the process") {
  const conclab::RunCost one = conclab::measure_run([] { spin_for_cpu(30ms); });
  const conclab::RunCost two = conclab::measure_run([] {
    std::jthread helper([] { spin_for_cpu(30ms); });
    spin_for_cpu(30ms);
  });
  CHECK(one.cpu_seconds >= 0.030);
  // One thread of ours: never more CPU than wall time. A sanitizer's runtime has a thread of its
  // own in the process, whose CPU time counts too (ThreadSanitizer's took 5 ms of a 35 ms run).
#ifdef CONCLAB_UNDER_SANITIZER
  CHECK(one.cpu_seconds <= one.seconds * 1.5 + 0.005);
#else
  CHECK(one.cpu_seconds <= one.seconds + 0.005);
#endif
  CHECK(two.cpu_seconds >= 0.060);  // the helper thread's CPU time counts too
  CHECK(one.run_queue_delay_seconds >= 0);
}

TEST_CASE("the ideal speedup is bounded by workers and cores, and the figures go out as JSON") {
  conclab::SpeedupMeasurement measured;
  measured.sequential = {.seconds = 0.040, .cpu_seconds = 0.040, .run_queue_delay_seconds = 0};
  measured.parallel = {.seconds = 0.025, .cpu_seconds = 0.080, .run_queue_delay_seconds = 0};
  measured.cores = 2;
  measured.workers = 4;
  CHECK(measured.ideal_speedup() == doctest::Approx(2.0));
  CHECK(measured.speedup() == doctest::Approx(1.6));
  CHECK(measured.efficiency() == doctest::Approx(0.8));
  CHECK(measured.cpu_time_growth() == doctest::Approx(2.0));
  CHECK(measured.describe().find("spinning") != std::string::npos);  // 2x the CPU time
  const std::string json = measured.to_json();
  CHECK(json.starts_with("{\"speedup\": 1.6000"));
  CHECK(json.find("\"cpu_time_growth\": 2.0000") != std::string::npos);
  CHECK(json.find("\"machine_busy\": false") != std::string::npos);
  CHECK(json.ends_with("}}"));
}

TEST_CASE("CPU-bound work takes credit for no more speedup than the CPUs it kept busy") {
  conclab::SpeedupMeasurement measured;
  measured.cores = 2;
  measured.workers = 2;
  // Threads run one after another, the sequential run on a slower core: a ratio of 1.43 with
  // one CPU busy (a CI run measured exactly this).
  measured.sequential = {.seconds = 0.300, .cpu_seconds = 0.300, .run_queue_delay_seconds = 0};
  measured.parallel = {.seconds = 0.210, .cpu_seconds = 0.210, .run_queue_delay_seconds = 0};
  CHECK(measured.speedup() == doctest::Approx(1.4286).epsilon(0.001));
  CHECK(measured.cpu_bound_speedup() == doctest::Approx(1.0));
  CHECK(measured.describe().find("kept only 1.00 CPUs busy") != std::string::npos);
  CHECK(measured.to_json().find("\"cpu_bound_speedup\": 1.0000") != std::string::npos);
  // Two CPUs busy: the whole ratio counts, and nothing is said about it.
  measured.parallel = {.seconds = 0.160, .cpu_seconds = 0.316, .run_queue_delay_seconds = 0};
  CHECK(measured.cpu_bound_speedup() == doctest::Approx(measured.speedup()));
  CHECK(measured.describe().find("kept only") == std::string::npos);
  // Under one CPU seen, the work ran where it could not be counted: the ratio stands.
  measured.parallel = {.seconds = 0.160, .cpu_seconds = 0.010, .run_queue_delay_seconds = 0};
  CHECK(measured.cpu_bound_speedup() == doctest::Approx(measured.speedup()));
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
