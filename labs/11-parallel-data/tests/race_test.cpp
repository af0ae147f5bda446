// Race freedom (run under ThreadSanitizer, and under chaos scheduling): several group-bys and
// readers at once, each on a file of its own with its own thread count and chunk size; a
// task graph where many tasks finish at once and tasks read their inputs while others are
// writing their results; several computes of one graph at once on one pool.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "lab11_testing.hpp"

namespace lab11 {
namespace {

using testing::as_int;
using testing::int_of;
using testing::reference_records;
using testing::reference_table;

// Different inputs per caller (seed, rows, threads, chunk size, grouping): a shared table or
// a shared counter hidden in the code mixes one caller's groups into another's.
TEST(GroupRace, SeveralGroupBysAtOnceOnDifferentFiles) {
  constexpr std::size_t kCallers = 4;
  std::vector<std::string> texts;
  std::vector<GroupTable> expected;
  for (std::size_t c = 0; c < kCallers; ++c) {
    texts.push_back(generate_cases(100 + c, 2000 + 700 * c));
    const GroupBy by = c % 2 == 0 ? GroupBy::kAgeGroupAndOutcome : GroupBy::kReportedWeek;
    expected.push_back(reference_table(reference_records(texts.back()), by));
  }
  std::vector<GroupTable> got(kCallers);
  {
    std::vector<std::jthread> callers;
    for (std::size_t c = 0; c < kCallers; ++c) {
      callers.emplace_back([&, c] {
        const GroupBy by = c % 2 == 0 ? GroupBy::kAgeGroupAndOutcome : GroupBy::kReportedWeek;
        for (int round = 0; round < 3; ++round) {
          got[c] = group_cases(texts[c], by, 2 + static_cast<unsigned>(c % 2), 300 + 211 * c);
        }
      });
    }
  }
  for (std::size_t c = 0; c < kCallers; ++c) {
    EXPECT_EQ(got[c], expected[c]) << "caller " << c;
  }
}

// Many small chunks on many threads: the partial tables are filled while others merge.
TEST(GroupRace, ManyThreadsManySmallChunks) {
  const std::string text = generate_cases(7, 6000);
  const GroupTable expected = reference_table(reference_records(text), GroupBy::kReportedWeek);
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(group_cases(text, GroupBy::kReportedWeek, 6, 257), expected);
  }
}

TEST(ReadRace, SeveralReadersAtOnceOnDifferentFiles) {
  constexpr std::size_t kCallers = 3;
  std::vector<std::string> texts;
  std::vector<std::vector<CaseRecord>> expected;
  for (std::size_t c = 0; c < kCallers; ++c) {
    texts.push_back(generate_cases(200 + c, 1500 + 500 * c));
    expected.push_back(reference_records(texts.back()));
  }
  std::vector<std::vector<CaseRecord>> got(kCallers);
  {
    std::vector<std::jthread> callers;
    for (std::size_t c = 0; c < kCallers; ++c) {
      callers.emplace_back(
          [&, c] { got[c] = read_cases(texts[c], 3 + static_cast<unsigned>(c), 100 + 90 * c); });
    }
  }
  for (std::size_t c = 0; c < kCallers; ++c) {
    EXPECT_EQ(testing::first_difference(got[c], expected[c]), "") << "caller " << c;
  }
}

// 400 leaves that finish at about the same time, all feeding one sum.
TEST(GraphRace, ManyTasksFinishAtOnce) {
  constexpr int kLeaves = 400;
  TaskGraph graph;
  std::vector<std::string> leaves;
  for (int i = 0; i < kLeaves; ++i) {
    leaves.push_back("leaf " + std::to_string(i));
    graph.add(leaves.back(), {}, [i](const auto&) { return std::any(std::int64_t{i}); });
  }
  graph.add("sum", leaves, [](const std::vector<std::any>& in) {
    std::int64_t sum = 0;
    for (const std::any& value : in) {
      sum += int_of(value);
    }
    return std::any(sum);
  });
  ThreadPool pool(4);
  for (int round = 0; round < 3; ++round) {
    const auto results = compute(graph, {"sum"}, pool);
    EXPECT_EQ(as_int(results.at("sum")), std::int64_t{kLeaves} * (kLeaves - 1) / 2);
  }
}

// Every task reads its inputs (strings, so a torn read shows) while other tasks of the same
// graph finish and store theirs: the read path of the results raced against their writes.
TEST(GraphRace, InputsAreReadWhileOtherResultsAreWritten) {
  constexpr int kLayers = 6;
  constexpr int kWidth = 30;
  TaskGraph graph;
  for (int layer = 0; layer < kLayers; ++layer) {
    for (int i = 0; i < kWidth; ++i) {
      std::vector<std::string> deps;
      if (layer > 0) {
        deps = {std::to_string(layer - 1) + "/" + std::to_string(i),
                std::to_string(layer - 1) + "/" + std::to_string((i * 7 + 3) % kWidth)};
      }
      graph.add(std::to_string(layer) + "/" + std::to_string(i), deps,
                [layer](const std::vector<std::any>& in) {
                  std::string text = "x";
                  for (const std::any& value : in) {
                    text += std::any_cast<const std::string&>(value);
                  }
                  text.resize(static_cast<std::size_t>(layer) * 40 + 1, 'y');
                  return std::any(text);
                });
    }
  }
  std::vector<std::string> wanted;
  for (int layer = 0; layer < kLayers; ++layer) {
    for (int i = 0; i < kWidth; i += 5) {
      wanted.push_back(std::to_string(layer) + "/" + std::to_string(i));
    }
  }
  ThreadPool pool(4);
  // Each round, other reads meet other writes. A round takes a few milliseconds, and a read
  // races a write only when two tasks really run at once: enough rounds that ThreadSanitizer
  // meets one on a busy machine too (5 rounds once missed it).
  for (int round = 0; round < 40; ++round) {
    const auto results = compute(graph, wanted, pool);
    ASSERT_EQ(results.size(), wanted.size());
    for (const std::string& key : wanted) {
      const int layer = std::stoi(key);
      const TaskResult& result = results.at(key);
      ASSERT_EQ(result.state, TaskState::kDone) << key;
      EXPECT_EQ(std::any_cast<const std::string&>(result.value).size(),
                static_cast<std::size_t>(layer) * 40 + 1)
          << key;
    }
  }
}

// Three callers compute different keys of one graph on one pool, at once: the state of a
// compute() is its own, never the graph's or a static.
TEST(GraphRace, SeveralComputesOfOneGraphAtOnce) {
  TaskGraph graph;
  constexpr int kChain = 60;
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i < kChain; ++i) {
      const std::string key = std::to_string(c) + ":" + std::to_string(i);
      std::vector<std::string> deps;
      if (i > 0) {
        deps.push_back(std::to_string(c) + ":" + std::to_string(i - 1));
      }
      graph.add(key, deps, [c](const std::vector<std::any>& in) {
        return std::any((in.empty() ? std::int64_t{0} : int_of(in[0])) + c + 1);
      });
    }
  }
  ThreadPool pool(4);
  std::vector<std::int64_t> got(3, -1);
  {
    std::vector<std::jthread> callers;
    for (std::size_t c = 0; c < 3; ++c) {
      callers.emplace_back([&, c] {
        const std::string last = std::to_string(c) + ":" + std::to_string(kChain - 1);
        got[c] = as_int(compute(graph, {last}, pool).at(last));
      });
    }
  }
  for (std::size_t c = 0; c < 3; ++c) {
    EXPECT_EQ(got[c], std::int64_t{kChain} * static_cast<std::int64_t>(c + 1)) << "caller " << c;
  }
}

}  // namespace
}  // namespace lab11
