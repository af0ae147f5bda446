// Lab 11 benchmark (numbers only, never pass/fail; build in release):
//  - the group-by: your group_cases() on 1 and 2..cores threads against oneTBB's
//    parallel_reduce over the same chunks (each body a partial table, joined pairwise), on the
//    same generated file, with rows/s as a counter. Both parse with your parse_record and cut
//    with your split_into_chunks, so the times compare the parallel part alone;
//  - the scheduler: your compute() on a pool against tbb::flow_graph, on a wide graph (many
//    independent tasks feeding one) and a deep one (a chain), each task a small fixed loop.
//
// The table has CONCLAB_BENCH_ROWS rows (default 1,000,000; try 10,000,000), generated at run
// time into a temporary file and read back from it, as a real input would be.
#include <benchmark/benchmark.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_reduce.h>

#include <unistd.h>
#include <algorithm>
#include <any>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "case_records.hpp"
#include "conclab/cores.hpp"
#include "csv_chunks.hpp"
#include "group_by.hpp"
#include "task_graph.hpp"
#include "thread_pool.hpp"

namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;

std::size_t bench_rows() {
  if (const char* rows = std::getenv("CONCLAB_BENCH_ROWS")) {
    if (const auto value = lab11::parse_integer(rows); value && *value > 0) {
      return static_cast<std::size_t>(*value);
    }
  }
  return 1'000'000;
}

/// The benchmark's table: generated once into a temporary file, read back, the file removed.
const std::string& table_text() {
  static const std::string text = [] {
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                       ("lab11-bench-" + std::to_string(::getpid()) + ".csv");
    lab11::write_cases_file(path, 2026, bench_rows());
    std::string content = lab11::read_whole_file(path);
    std::filesystem::remove(path);
    return content;
  }();
  return text;
}

void set_rows_counter(benchmark::State& state) {
  state.counters["rows/s"] = benchmark::Counter(
      static_cast<double>(bench_rows()) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

void BM_GroupByOurs(benchmark::State& state) {
  const std::string& text = table_text();
  const auto threads = static_cast<unsigned>(state.range(0));
  try {
    for (auto _ : state) {
      benchmark::DoNotOptimize(
          lab11::group_cases(text, lab11::GroupBy::kAgeGroupAndOutcome, threads, kChunkBytes));
    }
  } catch (const std::logic_error& todo) {
    state.SkipWithError(todo.what());
    return;
  }
  set_rows_counter(state);
}

/// The same group-by on oneTBB: a parallel_reduce over chunk numbers, partial tables joined.
struct TbbGroupBody {
  const std::string* text;
  const std::vector<lab11::Chunk>* chunks;
  std::unordered_map<std::string, lab11::GroupRow> rows;

  TbbGroupBody(const std::string* t, const std::vector<lab11::Chunk>* c) : text(t), chunks(c) {}
  TbbGroupBody(TbbGroupBody& other, oneapi::tbb::split) : text(other.text), chunks(other.chunks) {}

  void add(const std::string& key, const lab11::GroupRow& row) {
    auto [where, added] = rows.try_emplace(key, row);
    if (!added) {
      where->second.count += row.count;
      where->second.sum += row.sum;
      where->second.min = std::min(where->second.min, row.min);
      where->second.max = std::max(where->second.max, row.max);
    }
  }
  void operator()(const oneapi::tbb::blocked_range<std::size_t>& range) {
    const std::string_view all(*text);
    for (std::size_t c = range.begin(); c != range.end(); ++c) {
      const lab11::Chunk& chunk = (*chunks)[c];
      std::size_t line = chunk.first_line;
      for (std::size_t at = chunk.begin; at < chunk.end;) {
        const std::size_t end = std::min(all.find('\n', at), chunk.end);
        const lab11::CaseRecord r = lab11::parse_record(all.substr(at, end - at), line++);
        const std::int64_t v = r.latitude_e6;
        add(lab11::group_key(r, lab11::GroupBy::kAgeGroupAndOutcome), {{}, 1, v, v, v});
        at = end + 1;
      }
    }
  }
  void join(const TbbGroupBody& other) {
    for (const auto& [key, row] : other.rows) {
      add(key, row);
    }
  }
};

void BM_GroupByTbbParallelReduce(benchmark::State& state) {
  const std::string& text = table_text();
  const oneapi::tbb::global_control limit(oneapi::tbb::global_control::max_allowed_parallelism,
                                          static_cast<std::size_t>(state.range(0)));
  try {
    const std::vector<lab11::Chunk> chunks =
        lab11::split_into_chunks(text, text.find('\n') + 1, 2, kChunkBytes);
    for (auto _ : state) {
      TbbGroupBody body(&text, &chunks);
      oneapi::tbb::parallel_reduce(oneapi::tbb::blocked_range<std::size_t>(0, chunks.size()), body);
      const std::map<std::string, lab11::GroupRow> sorted(body.rows.begin(), body.rows.end());
      benchmark::DoNotOptimize(sorted);
    }
  } catch (const std::logic_error& todo) {
    state.SkipWithError(todo.what());
    return;
  }
  set_rows_counter(state);
}

/// A task's work: a small loop no compiler folds away.
std::int64_t spin(std::int64_t seed, int steps) {
  std::int64_t x = seed;
  for (int i = 0; i < steps; ++i) {
    x = x * 6364136223846793005LL + 1442695040888963407LL;
  }
  return x;
}

constexpr int kTaskSteps = 20'000;

/// Wide: `n` independent tasks feeding one. Deep: a chain of `n`.
lab11::TaskGraph our_graph(int n, bool wide) {
  lab11::TaskGraph graph;
  std::vector<std::string> leaves;
  for (int i = 0; i < n; ++i) {
    const std::string key = std::to_string(i);
    std::vector<std::string> deps;
    if (!wide && i > 0) {
      deps.push_back(std::to_string(i - 1));
    }
    graph.add(key, deps, [i](const std::vector<std::any>& in) {
      const std::int64_t seed = in.empty() ? i : std::any_cast<std::int64_t>(in[0]);
      return std::any(spin(seed, kTaskSteps));
    });
    leaves.push_back(key);
  }
  if (wide) {
    graph.add("all", leaves, [](const std::vector<std::any>& in) {
      std::int64_t x = 0;
      for (const std::any& value : in) {
        x ^= std::any_cast<std::int64_t>(value);
      }
      return std::any(x);
    });
  }
  return graph;
}

void BM_GraphOurs(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const bool wide = state.range(1) != 0;
  const lab11::TaskGraph graph = our_graph(n, wide);
  lab11::ThreadPool pool(std::max(conclab::available_cores(), 1U));
  const std::string last = wide ? "all" : std::to_string(n - 1);
  try {
    for (auto _ : state) {
      benchmark::DoNotOptimize(lab11::compute(graph, {last}, pool));
    }
  } catch (const std::logic_error& todo) {
    state.SkipWithError(todo.what());
    return;
  }
  state.counters["tasks/s"] =
      benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

void BM_GraphTbbFlowGraph(benchmark::State& state) {
  namespace flow = oneapi::tbb::flow;
  const int n = static_cast<int>(state.range(0));
  const bool wide = state.range(1) != 0;
  for (auto _ : state) {
    flow::graph graph;
    std::vector<std::int64_t> values(static_cast<std::size_t>(n));
    std::int64_t all = 0;
    std::vector<flow::continue_node<flow::continue_msg>> nodes;
    nodes.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      nodes.emplace_back(graph, [&values, i, wide](const flow::continue_msg&) {
        const auto index = static_cast<std::size_t>(i);
        const std::int64_t seed = (wide || i == 0) ? i : values[index - 1];
        values[index] = spin(seed, kTaskSteps);
      });
    }
    flow::continue_node<flow::continue_msg> sink(graph, [&](const flow::continue_msg&) {
      for (const std::int64_t value : values) {
        all ^= value;
      }
    });
    flow::broadcast_node<flow::continue_msg> start(graph);
    for (int i = 0; i < n; ++i) {
      const auto index = static_cast<std::size_t>(i);
      if (wide || i == 0) {
        flow::make_edge(start, nodes[index]);
      } else {
        flow::make_edge(nodes[index - 1], nodes[index]);
      }
      if (wide || i == n - 1) {
        flow::make_edge(nodes[index], sink);
      }
    }
    start.try_put(flow::continue_msg());
    graph.wait_for_all();
    benchmark::DoNotOptimize(all);
  }
  state.counters["tasks/s"] =
      benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

void thread_counts(benchmark::internal::Benchmark* bench) {
  const auto cores = static_cast<std::int64_t>(std::max(conclab::available_cores(), 1U));
  for (std::int64_t t = 1; t <= std::max<std::int64_t>(cores, 2); t *= 2) {
    bench->Arg(t);
  }
  if ((cores & (cores - 1)) != 0) {
    bench->Arg(cores);
  }
}

}  // namespace

BENCHMARK(BM_GroupByOurs)->Apply(thread_counts)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GroupByTbbParallelReduce)
    ->Apply(thread_counts)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_GraphOurs)
    ->Args({1000, 1})
    ->Args({1000, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_GraphTbbFlowGraph)
    ->Args({1000, 1})
    ->Args({1000, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
