// Lab 11 demo: the notebooks' data examples, run on your code.
//
// (a) seed 000: one generated table of case records, grouped by age group x outcome, read with
//     1, 2, ... cores threads: the time of each, and the table (which must be the same each
//     time);
// (b) seed 002: a small graph of tasks like Dask's delayed calls (load partitions, group each,
//     merge, report) run by your scheduler on a pool of three, with a timeline of when each
//     task ran (lab11-task-graph.svg and .json); then the same graph with a cycle, and with a
//     failing task.
// Built against the stubs it still runs, and each section says what is not done yet.
#include <algorithm>
#include <any>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "case_records.hpp"
#include "conclab/cores.hpp"
#include "conclab/demo_section.hpp"
#include "conclab/demo_timeline.hpp"
#include "conclab/timeline.hpp"
#include "group_by.hpp"
#include "task_graph.hpp"
#include "thread_pool.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_of(const std::function<void()>& work) {
  const auto start = Clock::now();
  work();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void print_table(const lab11::GroupTable& table) {
  std::printf("  %-22s %8s %14s %12s %12s\n", "group", "count", "mean latitude", "min", "max");
  for (const lab11::GroupRow& row : table) {
    std::printf("  %-22s %8lld %14.6f %12.6f %12.6f\n", row.key.c_str(),
                static_cast<long long>(row.count), row.mean() / 1e6,
                static_cast<double>(row.min) / 1e6, static_cast<double>(row.max) / 1e6);
  }
}

/// The demo's graph: `parts` partitions loaded and grouped independently, then merged.
lab11::TaskGraph make_graph(conclab::Timeline& timeline, int parts, bool with_failure) {
  lab11::TaskGraph graph;
  std::vector<std::string> grouped;
  for (int p = 0; p < parts; ++p) {
    const std::string load = "load " + std::to_string(p);
    const std::string group = "group " + std::to_string(p);
    graph.add(load, {}, [&timeline, load, p, with_failure](const std::vector<std::any>&) {
      const auto span = timeline.span(load);
      if (with_failure && p == 1) {
        throw std::runtime_error("partition 1 is unreadable");
      }
      return std::any(lab11::generate_cases(1000 + static_cast<std::uint64_t>(p), 10'000));
    });
    graph.add(group, {load}, [&timeline, group](const std::vector<std::any>& in) {
      const auto span = timeline.span(group);
      return std::any(lab11::group_cases(std::any_cast<const std::string&>(in.at(0)),
                                         lab11::GroupBy::kAgeGroupAndOutcome, 1, 1 << 20));
    });
    grouped.push_back(group);
  }
  graph.add("merge", grouped, [&timeline](const std::vector<std::any>& in) {
    const auto span = timeline.span("merge");
    std::map<std::string, std::int64_t> counts;
    for (const std::any& part : in) {
      for (const lab11::GroupRow& row : std::any_cast<const lab11::GroupTable&>(part)) {
        counts[row.key] += row.count;
      }
    }
    return std::any(counts);
  });
  graph.add("report", {"merge"}, [&timeline](const std::vector<std::any>& in) {
    const auto span = timeline.span("report");
    const auto& counts = std::any_cast<const std::map<std::string, std::int64_t>&>(in.at(0));
    std::int64_t total = 0;
    for (const auto& [key, count] : counts) {
      total += count;
    }
    return std::any(std::to_string(counts.size()) + " groups, " + std::to_string(total) + " cases");
  });
  return graph;
}

void print_results(const std::map<std::string, lab11::TaskResult>& results) {
  for (const auto& [key, result] : results) {
    if (result.state == lab11::TaskState::kDone) {
      std::printf("  %-8s done", key.c_str());
      if (const auto* text = std::any_cast<std::string>(&result.value)) {
        std::printf(": %s", text->c_str());
      }
      std::printf("\n");
    } else {
      std::printf("  %-8s %s (task '%s': %s)\n", key.c_str(),
                  result.state == lab11::TaskState::kFailed ? "failed" : "dependency failed",
                  result.failed_key.c_str(), result.error.c_str());
    }
  }
}

}  // namespace

int main() {
  const unsigned cores = std::max(conclab::available_cores(), 1U);

  conclab::demo_section("(a) seed 000: one table, one group-by, read with 1 .. cores threads", [&] {
    const std::string text = lab11::generate_cases(2026, 60'000);
    std::printf("  %zu bytes, 60000 rows\n", text.size());
    lab11::GroupTable first;
    double one = 0;
    for (unsigned threads = 1; threads <= std::max(cores, 2U); ++threads) {
      lab11::GroupTable table;
      const double seconds = seconds_of([&] {
        table = lab11::group_cases(text, lab11::GroupBy::kAgeGroupAndOutcome, threads, 256 * 1024);
      });
      one = threads == 1 ? seconds : one;
      std::printf("  %u threads: %6.1f ms (speedup %.2f)%s\n", threads, seconds * 1e3,
                  one / seconds, threads == 1 || table == first ? "" : "  DIFFERENT TABLE");
      if (threads == 1) {
        first = table;
      }
    }
    print_table(first);
  });

  conclab::demo_section("(b) seed 002: a Dask-like task graph on a pool of three", [] {
    conclab::Timeline timeline;
    lab11::ThreadPool pool(3);
    {
      const lab11::TaskGraph graph = make_graph(timeline, 4, false);
      print_results(lab11::compute(graph, {"report"}, pool));
    }
    conclab::write_demo_timeline(timeline, "lab11-task-graph",
                                 "lab 11: four partitions loaded and grouped at once, then merged");
    {
      conclab::Timeline unused;
      const lab11::TaskGraph graph = make_graph(unused, 3, true);
      std::printf("the same graph with partition 1 failing:\n");
      print_results(lab11::compute(graph, {"report", "group 0", "group 2"}, pool));
    }
    lab11::TaskGraph cyclic;
    cyclic.add("a", {"c"}, [](const auto&) { return std::any(); });
    cyclic.add("b", {"a"}, [](const auto&) { return std::any(); });
    cyclic.add("c", {"b"}, [](const auto&) { return std::any(); });
    try {
      lab11::compute(cyclic, {"c"}, pool);
      std::printf("a graph with a cycle ran?!\n");
    } catch (const lab11::GraphError& error) {
      std::printf("a graph with a cycle: %s\n", error.what());
    }
  });
  return 0;
}
