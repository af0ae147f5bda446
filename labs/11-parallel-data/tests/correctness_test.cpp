// Correctness: the chunks cover every line once whatever the chunk size; quoted fields keep
// their commas and quotes; a malformed line is an error naming its line, never skipped; the
// parallel reader and group-by give exactly the sequential answer for any thread count and
// chunk size; the task graph runs each task after its dependencies, rejects cycles and
// missing keys before running anything, and a failure reaches only its dependents.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <mutex>
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
using testing::with_line;

// A small file with a quoted comma, a doubled quote, an empty field and a quoted empty one.
const std::string kSmall = std::string(kCaseHeader) +
                           "\n"
                           "1,Resolved,20s,FEMALE,2020-03-02,\"Travel, international\","
                           "43.651070,-79.383186,M5V 3L9\n"
                           "2,Fatal,90+,MALE,2020-03-08,\"Outbreak \"\"cluster\"\", workplace\","
                           "45.421530,-75.697193,K1A 0B1\n"
                           "3,Not Resolved,<20,UNSPECIFIED,2020-03-09,,43.464258,-80.520410,\n"
                           "4,Resolved,20s,MALE,2021-01-01,\"\",-1.000000,0.000001,\"N2L, 3G1\"\n";

CaseRecord small_record(int n) {
  switch (n) {
    case 1:
      return {1,
              "Resolved",
              "20s",
              "FEMALE",
              *parse_day("2020-03-02"),
              "Travel, international",
              43'651'070,
              -79'383'186,
              "M5V 3L9"};
    case 2:
      return {2,
              "Fatal",
              "90+",
              "MALE",
              *parse_day("2020-03-08"),
              "Outbreak \"cluster\", workplace",
              45'421'530,
              -75'697'193,
              "K1A 0B1"};
    case 3:
      return {3,          "Not Resolved", "<20", "UNSPECIFIED", *parse_day("2020-03-09"), "",
              43'464'258, -80'520'410,    ""};
    default:
      return {4,  "Resolved", "20s", "MALE",    *parse_day("2021-01-01"),
              "", -1'000'000, 1,     "N2L, 3G1"};
  }
}

std::size_t line_of(std::string_view text, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// ---- task 1: chunks, fields, records ----

TEST(SplitIntoChunks, OneChunkPerLineWithChunkSizeOne) {
  const std::string text = "h\nab\n\"c,d\"\ne";
  const std::vector<Chunk> expected = {{2, 5, 2}, {5, 11, 3}, {11, 12, 4}};
  EXPECT_EQ(split_into_chunks(text, 2, 2, 1), expected);
  EXPECT_EQ(split_into_chunks(text, 2, 2, 0), expected);  // 0 counts as 1
}

TEST(SplitIntoChunks, OneChunkWhenTheSizeIsHuge) {
  const std::vector<Chunk> expected = {{kCaseHeader.size() + 1, kSmall.size(), 2}};
  EXPECT_EQ(split_into_chunks(kSmall, kCaseHeader.size() + 1, 2, 1 << 30), expected);
}

TEST(SplitIntoChunks, NothingToSplitIsNoChunk) {
  EXPECT_TRUE(split_into_chunks("header\n", 7, 2, 4).empty());
}

// Every chunk size from 1 byte to the whole file: whole lines, in order, each once, and each
// chunk as long as asked (at least chunk_size bytes, less than chunk_size + a line).
TEST(SplitIntoChunks, EveryChunkSizeCutsAtLineStartsOnly) {
  const std::size_t body = kCaseHeader.size() + 1;
  std::size_t longest_line = 0;
  for (std::size_t b = 0; b < kSmall.size();) {
    const std::size_t e = kSmall.find('\n', b) + 1;
    longest_line = std::max(longest_line, e - b);
    b = e;
  }
  for (std::size_t size = 1; size <= kSmall.size(); ++size) {
    SCOPED_TRACE("chunk size " + std::to_string(size));
    const std::vector<Chunk> chunks = split_into_chunks(kSmall, body, 2, size);
    ASSERT_FALSE(chunks.empty());
    EXPECT_EQ(chunks.front().begin, body);
    EXPECT_EQ(chunks.back().end, kSmall.size());
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      const Chunk& c = chunks[i];
      ASSERT_LT(c.begin, c.end) << "an empty chunk";
      EXPECT_EQ(kSmall[c.begin - 1], '\n') << "chunk " << i << " starts inside a line";
      EXPECT_EQ(kSmall[c.end - 1], '\n') << "chunk " << i << " ends inside a line";
      EXPECT_EQ(c.first_line, line_of(kSmall, c.begin)) << "chunk " << i;
      if (i + 1 < chunks.size()) {
        EXPECT_EQ(chunks[i + 1].begin, c.end) << "a gap or an overlap after chunk " << i;
        EXPECT_GE(c.end - c.begin, size) << "chunk " << i << " is shorter than asked";
      }
      EXPECT_LT(c.end - c.begin, size + longest_line) << "chunk " << i << " is too long";
    }
  }
}

TEST(SplitFields, QuotedCommasAndDoubledQuotes) {
  const std::vector<std::string> expected = {"a", "b, c", "say \"hi\"", "", "", "d"};
  EXPECT_EQ(split_fields("a,\"b, c\",\"say \"\"hi\"\"\",,\"\",d", 5), expected);
}

TEST(SplitFields, EmptyLineIsOneEmptyField) {
  EXPECT_EQ(split_fields("", 3), std::vector<std::string>{""});
  EXPECT_EQ(split_fields(",", 3), (std::vector<std::string>{"", ""}));
}

TEST(SplitFields, UnterminatedQuoteNamesTheLine) {
  try {
    split_fields("a,\"b, c,d", 17);
    FAIL() << "an unterminated quote was accepted";
  } catch (const CsvError& error) {
    EXPECT_EQ(error.line(), 17U) << error.what();
  }
}

TEST(SplitFields, TextAfterAClosingQuoteNamesTheLine) {
  try {
    split_fields("a,\"b\"c,d", 9);
    FAIL() << "text after a closing quote was accepted";
  } catch (const CsvError& error) {
    EXPECT_EQ(error.line(), 9U) << error.what();
  }
}

TEST(ParseRecord, ReadsEveryColumn) {
  for (int n = 1; n <= 4; ++n) {
    const std::string text = kSmall;
    std::size_t begin = 0;
    for (int i = 0; i < n; ++i) {
      begin = text.find('\n', begin) + 1;
    }
    const std::string line = text.substr(begin, text.find('\n', begin) - begin);
    EXPECT_EQ(parse_record(line, static_cast<std::size_t>(n) + 1), small_record(n)) << line;
  }
}

TEST(ParseRecord, MalformedLinesAreErrorsNamingTheLine) {
  const std::vector<std::string> bad = {
      "1,Resolved,20s,FEMALE,2020-03-02,Community,43.651070,-79.383186",          // 8 fields
      "1,Resolved,20s,FEMALE,2020-03-02,Community,43.651070,-79.383186,M5V,x",    // 10 fields
      "x1,Resolved,20s,FEMALE,2020-03-02,Community,43.651070,-79.383186,M5V",     // row id
      "1,Resolved,20s,FEMALE,2020-02-30,Community,43.651070,-79.383186,M5V",      // date
      "1,Resolved,20s,FEMALE,2020-03-02,Community,43.65107,-79.383186,M5V",       // latitude
      "1,Resolved,20s,FEMALE,2020-03-02,Community,43.651070,west,M5V",            // longitude
      "1,Resolved,20s,FEMALE,2020-03-02,\"Travel, international,43.6,-79.3,M5V",  // quote
      "",                                                                         // empty
  };
  for (const std::string& line : bad) {
    try {
      const CaseRecord record = parse_record(line, 1234);
      ADD_FAILURE() << "accepted: " << line;
    } catch (const CsvError& error) {
      EXPECT_EQ(error.line(), 1234U) << line << ": " << error.what();
    }
  }
}

// ---- task 2: the parallel reader ----

TEST(ReadCases, SmallFileAtEveryChunkSize) {
  const std::vector<CaseRecord> expected = {small_record(1), small_record(2), small_record(3),
                                            small_record(4)};
  for (std::size_t size = 1; size <= kSmall.size(); ++size) {
    ASSERT_EQ(testing::first_difference(read_cases(kSmall, 3, size), expected), "")
        << "chunk size " << size;
  }
}

TEST(ReadCases, SameRecordsAsASequentialPass) {
  const std::string text = generate_cases(11, 3000);
  const std::vector<CaseRecord> expected = reference_records(text);
  for (const unsigned threads : {1U, 2U, 3U, 7U}) {
    for (const std::size_t size :
         {std::size_t{1}, std::size_t{97}, std::size_t{4096}, std::size_t{1} << 30}) {
      ASSERT_EQ(testing::first_difference(read_cases(text, threads, size), expected), "")
          << threads << " threads, chunks of " << size;
    }
  }
}

TEST(ReadCases, LastLineWithoutNewlineIsALine) {
  std::string text = kSmall;
  text.pop_back();
  for (const unsigned threads : {1U, 2U}) {
    const std::vector<CaseRecord> records = read_cases(text, threads, 40);
    ASSERT_EQ(records.size(), 4U);
    EXPECT_EQ(records.back(), small_record(4));
  }
}

TEST(ReadCases, HeaderOnlyIsNoRecord) {
  std::string header_line(kCaseHeader);
  header_line.push_back('\n');  // (not header + "\n": GCC 12 at -O1 warns of a false overflow)
  EXPECT_TRUE(read_cases(header_line, 2, 16).empty());
  EXPECT_TRUE(read_cases(kCaseHeader, 2, 16).empty());
}

TEST(ReadCases, WrongHeaderIsAnErrorOnLineOne) {
  try {
    read_cases("id,outcome\n1,Resolved\n", 2, 16);
    FAIL() << "a file with another header was read";
  } catch (const CsvError& error) {
    EXPECT_EQ(error.line(), 1U) << error.what();
  }
}

// The bad line sits in a late chunk, read by one of several threads: its number must still
// be the file's line number, and no thread may skip it.
TEST(ReadCases, BadLineInALateChunkNamesItsLine) {
  const std::string good = generate_cases(12, 4000);
  const std::vector<std::pair<std::size_t, std::string>> bad = {
      {3871, "3870,Resolved,20s,FEMALE,2020-03-02,Community,43.651070,-79.383186"},
      {3990, "3989,Resolved,20s,FEMALE,2020-03-02,\"Travel, international,1.0,2.0,M5V"},
      {3555, "3554,Resolved,20s,FEMALE,2020-03-02,Community,north,-79.383186,M5V 3L9"},
  };
  for (const auto& [line, replacement] : bad) {
    const std::string text = with_line(good, line, replacement);
    for (const unsigned threads : {2U, 4U}) {
      try {
        const std::vector<CaseRecord> records = read_cases(text, threads, 2048);
        ADD_FAILURE() << "line " << line << " was skipped: " << records.size() << " records";
      } catch (const CsvError& error) {
        EXPECT_EQ(error.line(), line) << threads << " threads: " << error.what();
      }
    }
  }
}

TEST(ReadCases, TheFirstBadLineIsTheOneReported) {
  std::string text = generate_cases(13, 3000);
  text = with_line(text, 2900, "not,a,record");
  text = with_line(text, 1200, "neither");
  for (const unsigned threads : {1U, 3U}) {
    for (const std::size_t size : {std::size_t{300}, std::size_t{1} << 20}) {
      try {
        read_cases(text, threads, size);
        ADD_FAILURE() << "two bad lines were skipped";
      } catch (const CsvError& error) {
        EXPECT_EQ(error.line(), 1200U) << threads << " threads, chunks of " << size;
      }
    }
  }
}

// ---- task 3: the group-by ----

TEST(GroupCases, SmallTableByHand) {
  // Records 1 and 4 are both "20s|Resolved".
  const GroupTable by_age = {
      {"20s|Resolved", 2, 43'651'070 - 1'000'000, -1'000'000, 43'651'070},
      {"90+|Fatal", 1, 45'421'530, 45'421'530, 45'421'530},
      {"<20|Not Resolved", 1, 43'464'258, 43'464'258, 43'464'258},
  };
  // 2020-03-02 is a Monday, 2020-03-08 the Sunday of that week, 2021-01-01 a Friday.
  const GroupTable by_week = {
      {"2020-03-02", 2, 43'651'070 + 45'421'530, 43'651'070, 45'421'530},
      {"2020-03-09", 1, 43'464'258, 43'464'258, 43'464'258},
      {"2020-12-28", 1, -1'000'000, -1'000'000, -1'000'000},
  };
  for (const unsigned threads : {1U, 2U, 3U}) {
    EXPECT_EQ(group_cases(kSmall, GroupBy::kAgeGroupAndOutcome, threads, 50), by_age);
    EXPECT_EQ(group_cases(kSmall, GroupBy::kReportedWeek, threads, 50), by_week);
  }
  EXPECT_DOUBLE_EQ(by_age[0].mean(), (43'651'070.0 - 1'000'000.0) / 2);
}

TEST(GroupCases, SmallFileAtEveryChunkSize) {
  const GroupTable expected = reference_table(reference_records(kSmall), GroupBy::kReportedWeek);
  for (std::size_t size = 1; size <= kSmall.size(); ++size) {
    ASSERT_EQ(group_cases(kSmall, GroupBy::kReportedWeek, 2, size), expected) << size;
  }
}

TEST(GroupCases, EqualsASequentialPass) {
  const std::string text = generate_cases(21, 6000);
  const std::vector<CaseRecord> records = reference_records(text);
  for (const GroupBy by : {GroupBy::kAgeGroupAndOutcome, GroupBy::kReportedWeek}) {
    const GroupTable expected = reference_table(records, by);
    for (const unsigned threads : {1U, 2U, 3U, 7U}) {
      for (const std::size_t size : {std::size_t{61}, std::size_t{4096}, std::size_t{1} << 30}) {
        ASSERT_EQ(group_cases(text, by, threads, size), expected)
            << by << ", " << threads << " threads, chunks of " << size;
      }
    }
  }
}

TEST(GroupCases, EqualsASequentialPassOnAHundredThousandRows) {
  const std::string text = generate_cases(22, 100'000);
  const GroupTable expected =
      reference_table(reference_records(text), GroupBy::kAgeGroupAndOutcome);
  EXPECT_EQ(group_cases(text, GroupBy::kAgeGroupAndOutcome, 4, 64 * 1024), expected);
}

TEST(GroupCases, BadLineIsAnErrorNamingItsLine) {
  const std::string text =
      with_line(generate_cases(23, 4000), 3800, "3799,Resolved,20s,FEMALE,yesterday,,1,2,3");
  for (const unsigned threads : {1U, 4U}) {
    try {
      const GroupTable table = group_cases(text, GroupBy::kReportedWeek, threads, 1024);
      ADD_FAILURE() << "the bad line was skipped: " << table.size() << " groups";
    } catch (const CsvError& error) {
      EXPECT_EQ(error.line(), 3800U) << error.what();
    }
  }
}

// ---- task 4: the task graph ----

TEST(Compute, ChainAndDiamondPassResultsInOrder) {
  TaskGraph graph;
  graph.add("a", {}, [](const auto&) { return std::any(std::int64_t{3}); });
  graph.add("b", {"a"}, [](const auto& in) { return std::any(int_of(in.at(0)) * 10); });
  graph.add("c", {"a"}, [](const auto& in) { return std::any(int_of(in.at(0)) + 1); });
  // The order of the inputs is the order of the dependencies: b - c, not c - b.
  graph.add("d", {"b", "c"},
            [](const auto& in) { return std::any(int_of(in.at(0)) - int_of(in.at(1))); });
  ThreadPool pool(3);
  const auto results = compute(graph, {"d", "c"}, pool);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results.at("d").state, TaskState::kDone);
  EXPECT_EQ(as_int(results.at("d")), 30 - 4);
  EXPECT_EQ(as_int(results.at("c")), 4);
}

TEST(Compute, OnlyTheNeededTasksRun) {
  std::atomic<int> runs{0};
  TaskGraph graph;
  const auto counted = [&](const std::vector<std::any>&) {
    ++runs;
    return std::any(std::int64_t{1});
  };
  graph.add("a", {}, counted);
  graph.add("b", {"a"}, counted);
  graph.add("unrelated", {}, counted);
  graph.add("after b", {"b"}, counted);
  ThreadPool pool(2);
  const auto results = compute(graph, {"b"}, pool);
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(results.size(), 1U);
  EXPECT_TRUE(results.contains("b"));
}

// Each task records when it started and ended on one shared counter: for every edge, the
// dependency ended before the task started. Dependencies are spread at random over a wide,
// layered graph, so that many tasks are ready at once.
TEST(Compute, EveryTaskStartsAfterItsDependenciesEnd) {
  constexpr std::size_t kLayers = 8;
  constexpr std::size_t kWidth = 24;
  std::atomic<int> clock{0};
  std::vector<std::atomic<int>> started(kLayers * kWidth);
  std::vector<std::atomic<int>> ended(kLayers * kWidth);
  std::vector<std::vector<std::size_t>> inputs_of(kLayers * kWidth);
  TaskGraph graph;
  std::uint64_t random = 12345;
  for (std::size_t layer = 0; layer < kLayers; ++layer) {
    for (std::size_t i = 0; i < kWidth; ++i) {
      const std::size_t id = layer * kWidth + i;
      std::vector<std::string> deps;
      if (layer > 0) {
        for (int k = 0; k < 3; ++k) {
          random = random * 6364136223846793005ULL + 1442695040888963407ULL;
          const std::size_t dep = ((random >> 33U) % layer) * kWidth + (random >> 20U) % kWidth;
          inputs_of[id].push_back(dep);
          deps.push_back(std::to_string(dep));
        }
      }
      graph.add(std::to_string(id), deps, [&, id](const std::vector<std::any>& in) {
        started[id] = ++clock;
        auto sum = static_cast<std::int64_t>(id);
        for (const std::any& value : in) {
          sum += int_of(value);
        }
        std::this_thread::yield();
        ended[id] = ++clock;
        return std::any(sum);
      });
    }
  }
  std::vector<std::string> last_layer;
  for (std::size_t i = 0; i < kWidth; ++i) {
    last_layer.push_back(std::to_string((kLayers - 1) * kWidth + i));
  }
  ThreadPool pool(4);
  const auto results = compute(graph, last_layer, pool);
  for (std::size_t id = 0; id < kLayers * kWidth; ++id) {
    for (const std::size_t dep : inputs_of[id]) {
      if (started[id] != 0) {
        EXPECT_GT(started[id].load(), ended[dep].load()) << id << " started before " << dep;
      }
    }
  }
  for (const std::string& key : last_layer) {
    EXPECT_EQ(results.at(key).state, TaskState::kDone) << key;
  }
}

TEST(Compute, CycleIsAnErrorBeforeAnythingRuns) {
  std::atomic<int> runs{0};
  const auto counted = [&](const std::vector<std::any>&) {
    ++runs;
    return std::any(std::int64_t{0});
  };
  TaskGraph graph;
  graph.add("load", {}, counted);
  graph.add("clean", {"load", "merge"}, counted);
  graph.add("group", {"clean"}, counted);
  graph.add("merge", {"group"}, counted);
  graph.add("report", {"merge", "load"}, counted);
  graph.add("self", {"self"}, counted);
  ThreadPool pool(2);
  try {
    compute(graph, {"report"}, pool);
    FAIL() << "a cycle was run";
  } catch (const GraphError& error) {
    const std::string what = error.what();
    for (const char* key : {"clean", "group", "merge"}) {
      EXPECT_NE(what.find(key), std::string::npos) << "'" << what << "' does not name " << key;
    }
  }
  EXPECT_THROW(compute(graph, {"load", "self"}, pool), GraphError);
  EXPECT_EQ(runs.load(), 0) << "tasks ran before the cycle was found";
}

TEST(Compute, MissingDependencyOrKeyIsAnErrorBeforeAnythingRuns) {
  std::atomic<int> runs{0};
  const auto counted = [&](const std::vector<std::any>&) {
    ++runs;
    return std::any(std::int64_t{0});
  };
  TaskGraph graph;
  graph.add("a", {}, counted);
  graph.add("b", {"a", "ghost"}, counted);
  ThreadPool pool(2);
  try {
    compute(graph, {"a", "b"}, pool);
    FAIL() << "a missing dependency was not reported";
  } catch (const GraphError& error) {
    EXPECT_NE(std::string(error.what()).find("ghost"), std::string::npos) << error.what();
  }
  try {
    compute(graph, {"a", "nowhere"}, pool);
    FAIL() << "an unknown key was not reported";
  } catch (const GraphError& error) {
    EXPECT_NE(std::string(error.what()).find("nowhere"), std::string::npos) << error.what();
  }
  EXPECT_EQ(runs.load(), 0);
}

TEST(Compute, FailureFailsItsDependentsAndNothingElse) {
  std::atomic<int> runs_after_failure{0};
  TaskGraph graph;
  graph.add("ok", {}, [](const auto&) { return std::any(std::int64_t{1}); });
  graph.add("bad", {"ok"}, [](const auto&) -> std::any { throw std::runtime_error("no data"); });
  graph.add("child", {"bad"}, [&](const auto&) {
    ++runs_after_failure;
    return std::any(std::int64_t{2});
  });
  graph.add("grandchild", {"ok", "child"}, [&](const auto&) {
    ++runs_after_failure;
    return std::any(std::int64_t{3});
  });
  graph.add("sibling", {"ok"},
            [](const auto& in) { return std::any(std::any_cast<std::int64_t>(in.at(0)) + 40); });
  ThreadPool pool(3);
  const auto results = compute(graph, {"bad", "grandchild", "sibling", "ok"}, pool);
  EXPECT_EQ(results.at("bad").state, TaskState::kFailed);
  EXPECT_EQ(results.at("bad").failed_key, "bad");
  EXPECT_EQ(results.at("bad").error, "no data");
  EXPECT_EQ(results.at("grandchild").state, TaskState::kDependencyFailed);
  EXPECT_EQ(results.at("grandchild").failed_key, "bad");
  EXPECT_EQ(results.at("grandchild").error, "no data");
  EXPECT_FALSE(results.at("grandchild").value.has_value());
  EXPECT_EQ(results.at("sibling").state, TaskState::kDone);
  EXPECT_EQ(as_int(results.at("sibling")), 41);
  EXPECT_EQ(as_int(results.at("ok")), 1);
  EXPECT_EQ(runs_after_failure.load(), 0);
}

}  // namespace
}  // namespace lab11
