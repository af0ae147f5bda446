// Lab 10 demo: the notebooks' CPU-bound examples, run on your code.
//
// (a) seed 002: cpu_heavy on four threads, with a timeline of when each task ran (in Python
//     the threads took turns; here they overlap, as many at a time as there are cores);
// (b) seed 003: Monte Carlo pi on 1, 2, ... 2 x cores threads: the measured speedup curve,
//     the serial fraction Amdahl's law fits to it, and what oversubscription does, drawn in
//     amdahl.svg (or the path given as the first argument);
// (c) seed 003's sum of primes in static slices and in dynamic chunks: the answer, and the
//     work each thread did.
// Built against the stubs it still runs, and each section says what is not done yet.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "amdahl.hpp"
#include "conclab/cores.hpp"
#include "conclab/demo_section.hpp"
#include "conclab/demo_timeline.hpp"
#include "conclab/timeline.hpp"
#include "monte_carlo_pi.hpp"
#include "work_split.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

double seconds_of(const std::function<void()>& work) {
  const auto start = Clock::now();
  work();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Seed 002's cpu_heavy, in our words: a loop over the integers below `n`. Each step depends
/// on the last in a way no compiler turns into a formula, so a release build still loops.
std::uint64_t cpu_heavy(std::uint64_t n) {
  std::uint64_t count = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    count += i ^ (count >> 7U);
  }
  return count;
}

/// The speedup curve and its Amdahl fit as a small SVG: measured points, and the fitted law.
void write_curve_svg(const std::filesystem::path& path,
                     const std::vector<lab10::SpeedupPoint>& points, double serial_fraction,
                     unsigned cores) {
  const double width = 640;
  const double height = 400;
  const double margin = 50;
  const unsigned max_threads = points.back().threads;
  double top = 1;
  for (const auto& point : points) {
    top = std::max({top, point.speedup, static_cast<double>(std::min(point.threads, cores))});
  }
  top = std::ceil(top + 0.5);
  auto x_of = [&](double p) {
    return margin + (p - 1) / (max_threads - 1.0) * (width - 2 * margin);
  };
  auto y_of = [&](double s) { return height - margin - s / top * (height - 2 * margin); };
  std::ofstream out(path);
  out << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << height
      << "' font-family='sans-serif' font-size='12'>\n<rect width='100%' height='100%' "
         "fill='white'/>\n"
      << "<text x='" << margin
      << "' y='24' font-size='14'>Monte Carlo pi: speedup against threads (" << cores
      << " cores), Amdahl fit s = " << serial_fraction << "</text>\n";
  out << "<line x1='" << margin << "' y1='" << y_of(0) << "' x2='" << width - margin << "' y2='"
      << y_of(0) << "' stroke='black'/><line x1='" << margin << "' y1='" << y_of(0) << "' x2='"
      << margin << "' y2='" << y_of(top) << "' stroke='black'/>\n";
  for (unsigned p = 1; p <= max_threads; ++p) {
    out << "<text x='" << x_of(p) - 4 << "' y='" << y_of(0) + 16 << "'>" << p << "</text>\n";
  }
  for (int s = 0; s <= static_cast<int>(top); ++s) {
    out << "<text x='" << margin - 24 << "' y='" << y_of(s) + 4 << "'>" << s << "x</text>\n";
  }
  std::string ideal;
  std::string law;
  std::string measured;
  for (unsigned p = 1; p <= max_threads; ++p) {
    ideal += std::to_string(x_of(p)) + "," + std::to_string(y_of(std::min(p, cores))) + " ";
    law += std::to_string(x_of(p)) + "," +
           std::to_string(y_of(lab10::amdahl_speedup(serial_fraction, std::min(p, cores)))) + " ";
  }
  for (const auto& point : points) {
    measured +=
        std::to_string(x_of(point.threads)) + "," + std::to_string(y_of(point.speedup)) + " ";
    out << "<circle cx='" << x_of(point.threads) << "' cy='" << y_of(point.speedup)
        << "' r='4' fill='#d62728'/>\n";
  }
  out << "<polyline points='" << ideal << "' fill='none' stroke='#999' stroke-dasharray='4'/>\n"
      << "<polyline points='" << law << "' fill='none' stroke='#1f77b4' stroke-width='2'/>\n"
      << "<polyline points='" << measured << "' fill='none' stroke='#d62728'/>\n"
      << "<text x='" << width - 230 << "' y='" << margin
      << "' fill='#999'>ideal: min(p, cores)</text>\n"
      << "<text x='" << width - 230 << "' y='" << margin + 16
      << "' fill='#1f77b4'>Amdahl, fitted s</text>\n"
      << "<text x='" << width - 230 << "' y='" << margin + 32
      << "' fill='#d62728'>measured</text>\n"
      << "</svg>\n";
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned cores = conclab::available_cores();
  std::printf("cores available: %u\n", cores);

  conclab::demo_section("(a) seed 002: cpu_heavy(x) for four x, on four threads", [] {
    constexpr std::uint64_t kWork = 30'000'000;
    std::uint64_t sink = 0;  // the results are used, so that no loop is optimised away
    const double alone = std::min(seconds_of([&] { sink += cpu_heavy(kWork); }),
                                  seconds_of([&] { sink += cpu_heavy(kWork); }));
    conclab::Timeline timeline;
    const double together = seconds_of([&] {
      std::vector<std::jthread> threads;
      threads.reserve(4);
      for (int x = 0; x < 4; ++x) {
        threads.emplace_back([&, x] {
          const auto span = timeline.span("cpu_heavy(" + std::to_string(x) + ")");
          const std::uint64_t result = cpu_heavy(kWork);
          if (result == 42) {  // never: only so that the result is used
            std::printf("!");
          }
        });
      }
    });
    for (const auto& span : timeline.spans()) {
      std::printf("  %-13s on %-8s from %6.1f ms to %6.1f ms\n", span.name.c_str(),
                  span.lane.c_str(), span.begin_us / 1e3, span.end_us / 1e3);
    }
    std::printf(
        "one task alone: %.0f ms; four on four threads: %.0f ms (%.1f tasks' worth).\n"
        "Python's threads took turns under the GIL (about 4 tasks' worth); C++ threads\n"
        "run at once, as many as there are cores.\n",
        alone * 1e3, together * 1e3, together / alone);
    if (sink == 42) {
      std::printf("!");
    }
    conclab::write_demo_timeline(timeline, "lab10-cpu-heavy", "cpu_heavy on four threads");
  });

  conclab::demo_section(
      "(b) seed 003: Monte Carlo pi on 1 .. 2 x cores threads, and Amdahl's law", [&] {
        // About 0.2 s on one thread, in a debug build or a release one.
        std::uint64_t samples = 20 * lab10::kPiBlockSize;
        const double probe = seconds_of([&] { (void)lab10::estimate_pi(samples, 1, 1); });
        samples = std::clamp<std::uint64_t>(
                      static_cast<std::uint64_t>(0.2 / std::max(probe, 1e-6) * 20), 20, 20'000) *
                  lab10::kPiBlockSize;
        const unsigned max_threads = std::max(2 * cores, 2U);
        std::vector<lab10::SpeedupPoint> points;
        double one = 0;
        for (unsigned p = 1; p <= max_threads; ++p) {
          lab10::PiResult result;
          double best = kInfinity;
          for (int round = 0; round < 2; ++round) {  // best of two: a busy moment spoils one
            best =
                std::min(best, seconds_of([&] { result = lab10::estimate_pi(samples, 2026, p); }));
          }
          if (p == 1) {
            one = best;
          }
          points.push_back({p, one / best});
          std::printf("  %2u threads: pi ~ %.6f (%llu hits) in %6.1f ms, speedup %.2f\n", p,
                      result.estimate(), static_cast<unsigned long long>(result.hits), best * 1e3,
                      one / best);
        }
        const double s = lab10::fit_serial_fraction(points);
        std::printf(
            "fitted serial fraction s = %.3f: Amdahl's law caps the speedup at %.1f.\n"
            "Past %u threads (the cores) the points stop rising: more threads than cores\n"
            "only take turns, and the fit reads that as serial time.\n",
            s, s > 0 ? 1 / s : kInfinity, cores);
        const std::filesystem::path svg =
            argc > 1 ? std::filesystem::path(argv[1]) : conclab::demo_timeline_dir() / "amdahl.svg";
        write_curve_svg(svg, points, s, cores);
        std::printf("wrote %s (open it in a browser)\n", svg.string().c_str());
      });

  conclab::demo_section(
      "(c) seed 003: sum of the primes below 1,000,000 on 4 threads, two schedules", [] {
        for (const auto schedule :
             {lab10::Schedule::kStaticSlices, lab10::Schedule::kDynamicChunks}) {
          lab10::SplitSum split;
          const double seconds =
              seconds_of([&] { split = lab10::sum_of_primes_below(1'000'000, 4, schedule); });
          std::printf("  %-14s sum %llu in %5.1f ms; trial divisions per thread:",
                      std::string(lab10::to_string(schedule)).c_str(),
                      static_cast<unsigned long long>(split.sum), seconds * 1e3);
          for (const auto cost : split.cost_per_thread) {
            std::printf(" %llu", static_cast<unsigned long long>(cost));
          }
          std::printf("\n");
        }
        std::printf(
            "Equal slices are not equal work: testing n costs up to sqrt(n)/2 divisions.\n");
      });
  return 0;
}
