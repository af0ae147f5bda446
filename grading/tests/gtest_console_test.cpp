#include "conclab/grading/gtest_console.hpp"

#include <doctest/doctest.h>

#include "gtest_samples.hpp"

namespace {

using conclab::grading::ConsoleRun;
using conclab::grading::ConsoleStatus;

}  // namespace

TEST_CASE("the console output gives each test, its failures and its skip message") {
  const ConsoleRun run =
      conclab::grading::parse_gtest_console(conclab::grading::testing::kSampleGtestConsole);
  CHECK(run.announced_total == 3);
  REQUIRE(run.tests.size() == 3);
  CHECK(run.tests[0].status == ConsoleStatus::failed);
  REQUIRE(run.tests[0].failures().size() == 1);
  CHECK(run.tests[0].failures()[0] ==
        "/work/main/labs/01-threads-and-locks/tests/correctness_test.cpp:42\n"
        "Expected equality of these values:\n  3\n  8\nexpected flags all set, 3 of 8 were not");
  CHECK(run.tests[1].status == ConsoleStatus::passed);
  CHECK(run.tests[2].status == ConsoleStatus::skipped);
  CHECK(run.tests[2].skip_message() == "1 core available");
  CHECK(run.unfinished() == nullptr);
  CHECK(run.find("RunThreads.Works") == &run.tests[1]);
}

TEST_CASE("a test that never ended is the unfinished one") {
  const ConsoleRun run = conclab::grading::parse_gtest_console(
      "[==========] Running 2 tests from 1 test suite.\n"
      "[ RUN      ] TurnTaker.Alternates\n"
      "waiting for my turn\n"
      "conclab watchdog: test TurnTaker.Alternates did not finish within 5 s\n");
  REQUIRE(run.tests.size() == 1);
  REQUIRE(run.unfinished() != nullptr);
  CHECK(run.unfinished()->full_name == "TurnTaker.Alternates");
  CHECK(run.unfinished()->lines.size() == 2);
  CHECK(run.announced_total == 2);
}
