#include "conclab/grading/kind_result.hpp"

#include <doctest/doctest.h>

#include "asan_samples.hpp"
#include "gtest_samples.hpp"
#include "tsan_samples.hpp"

namespace {

using conclab::grading::GtestReport;
using conclab::grading::KindResult;
using conclab::grading::RunEnd;
using conclab::grading::RunResult;
using conclab::grading::TestStatus;

RunResult exited(int code, std::string output) {
  RunResult run;
  run.exit_code = code;
  run.output = std::move(output);
  return run;
}

constexpr std::string_view kHungRun =
    "[==========] Running 3 tests from 1 test suite.\n"
    "[ RUN      ] TurnTaker.FirstPartyGoesFirst\n"
    "[       OK ] TurnTaker.FirstPartyGoesFirst (0 ms)\n"
    "[ RUN      ] TurnTaker.Alternates\n"
    "conclab watchdog: test TurnTaker.Alternates did not finish within 5 s\n"
    "conclab watchdog: thread 2 waits in pthread_cond_wait\n";

}  // namespace

TEST_CASE("a completed run takes its tests from the report and skip messages from the output") {
  const GtestReport report =
      conclab::grading::parse_gtest_report(conclab::grading::testing::kSampleGtestJson);
  const KindResult result = conclab::grading::interpret_kind_run(
      "correctness", exited(1, std::string(conclab::grading::testing::kSampleGtestConsole)), report,
      "/work/main");
  CHECK(result.end == RunEnd::completed);
  CHECK(result.passed() == 1);
  CHECK(result.skipped() == 1);
  CHECK(result.failing() == 1);
  CHECK(result.total() == 3);
  CHECK(result.tests[2].skip_message == "1 core available");
  CHECK(result.output_tail.empty());
}

TEST_CASE("a run the watchdog stopped has the watchdog's report and the test that hung") {
  const KindResult result = conclab::grading::interpret_kind_run(
      "deadlock", exited(conclab::kWatchdogExitCode, std::string(kHungRun)), std::nullopt,
      "/work/main");
  CHECK(result.end == RunEnd::watchdog);
  CHECK(result.unfinished_test == "TurnTaker.Alternates");
  CHECK(result.watchdog_lines.size() == 2);
  CHECK(result.passed() == 1);
  CHECK(result.failing() == 2);  // the one that hung and the one that never ran
  CHECK(result.total() == 3);
}

TEST_CASE("a run killed by a signal through the launcher is a crash") {
  const KindResult result = conclab::grading::interpret_kind_run(
      "correctness",
      exited(139, "[==========] Running 2 tests from 1 test suite.\n[ RUN      ] A.B\n"),
      std::nullopt, "/work/main");
  CHECK(result.end == RunEnd::crashed);
  CHECK(result.exit_description == "was killed by signal 11 (Segmentation fault)");
  CHECK(result.unfinished_test == "A.B");
  CHECK(result.failing() == 2);
  CHECK_FALSE(result.output_tail.empty());
}

TEST_CASE("a failing exit code with a clean report is still a crash") {
  GtestReport report;
  report.tests.push_back({"A", "B", TestStatus::passed, {}, {}, 0.0});
  const KindResult result = conclab::grading::interpret_kind_run(
      "correctness",
      exited(3,
             "[==========] Running 1 test from 1 test suite.\n[ RUN      ] A.B\n"
             "[       OK ] A.B (0 ms)\n"),
      report, "/work/main");
  CHECK(result.end == RunEnd::crashed);
  CHECK(result.failing() == 1);
}

TEST_CASE("a test during which ThreadSanitizer reported fails, though GoogleTest passed it") {
  GtestReport report;
  report.tests.push_back({"Counters", "MutexCountIsExact", TestStatus::passed, {}, {}, 0.0});
  report.tests.push_back({"Order", "Inversion", TestStatus::passed, {}, {}, 0.0});
  const KindResult result = conclab::grading::interpret_kind_run(
      "race", exited(66, std::string(conclab::grading::testing::kSampleTsanOutput)), report,
      "/work/main");
  CHECK(result.end == RunEnd::completed);
  CHECK(result.failing() == 2);
  CHECK(result.sanitizer_reports_of("Counters.MutexCountIsExact").size() == 1);
  CHECK(result.stray_sanitizer_reports().empty());
}

TEST_CASE("a crash AddressSanitizer explained belongs to the test it ended, not outside any") {
  const KindResult result = conclab::grading::interpret_kind_run(
      "correctness", exited(1, std::string(conclab::grading::testing::kSampleAsanSegv)),
      std::nullopt, "/work/main");
  CHECK(result.end == RunEnd::crashed);
  CHECK(result.unfinished_test == "Counters.MutexCountIsExact");
  CHECK(result.sanitizer_reports_of("Counters.MutexCountIsExact").size() == 1);
  CHECK(result.stray_sanitizer_reports().empty());
}

TEST_CASE("the outer time limit and Ctrl-C are told apart") {
  RunResult run = exited(-1, "[ RUN      ] A.B\n");
  run.timed_out = true;
  CHECK(conclab::grading::interpret_kind_run("race", run, std::nullopt, "/r").end ==
        RunEnd::timed_out);
  run.timed_out = false;
  run.interrupted = true;
  CHECK(conclab::grading::interpret_kind_run("race", run, std::nullopt, "/r").end ==
        RunEnd::interrupted);
}
