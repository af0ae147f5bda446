#include "conclab/grading/gtest_report.hpp"

#include <doctest/doctest.h>

#include "gtest_samples.hpp"
#include "temp_dir.hpp"

namespace {

using conclab::grading::GtestReport;
using conclab::grading::TestStatus;

}  // namespace

TEST_CASE("a GoogleTest JSON report gives each test that ran, with its failures") {
  const GtestReport report =
      conclab::grading::parse_gtest_report(conclab::grading::testing::kSampleGtestJson);
  REQUIRE(report.tests.size() == 3);  // the disabled test is left out
  const auto& failed = report.tests[0];
  CHECK(failed.suite == "RunThreads");
  CHECK(failed.name == "ReturnsOnlyAfterEveryThreadFinished");
  CHECK(failed.full_name() == "RunThreads.ReturnsOnlyAfterEveryThreadFinished");
  CHECK(failed.status == TestStatus::failed);
  REQUIRE(failed.failures.size() == 1);
  CHECK(failed.failures[0].starts_with(
      "/work/main/labs/01-threads-and-locks/tests/correctness_test.cpp:42\nExpected equality"));
  CHECK(failed.failures[0].ends_with("expected flags all set, 3 of 8 were not"));
  CHECK(report.tests[1].status == TestStatus::passed);
  CHECK(report.tests[2].full_name() == "Speedup.PartialScales");
  CHECK(report.tests[2].status == TestStatus::skipped);
  CHECK(report.count(TestStatus::passed) == 1);
  CHECK(report.count(TestStatus::failed) == 1);
  CHECK(report.count(TestStatus::skipped) == 1);
}

TEST_CASE("the skip message of newer GoogleTest versions is read from the report") {
  const GtestReport report = conclab::grading::parse_gtest_report(R"({"testsuites": [
    {"name": "S", "testsuite": [{"name": "T", "status": "RUN", "result": "SKIPPED",
     "time": "0.5s", "skipped": [{"message": "1 core available"}]}]}]})");
  REQUIRE(report.tests.size() == 1);
  CHECK(report.tests[0].skip_message == "1 core available");
  CHECK(report.tests[0].seconds == doctest::Approx(0.5));
}

TEST_CASE("text that is not a report is an error, and a missing file is no report") {
  CHECK_THROWS_AS(static_cast<void>(conclab::grading::parse_gtest_report("{\"tests\": 3")),
                  conclab::grading::GtestReportError);
  CHECK_THROWS_AS(static_cast<void>(conclab::grading::parse_gtest_report("[]")),
                  conclab::grading::GtestReportError);
  const conclab::grading::testing::TempDir dir;
  CHECK_FALSE(conclab::grading::read_gtest_report(dir.path() / "missing.json"));
  dir.write("cut.json", conclab::grading::testing::kSampleGtestJson.substr(0, 200));
  CHECK_FALSE(conclab::grading::read_gtest_report(dir.path() / "cut.json"));
  dir.write("whole.json", conclab::grading::testing::kSampleGtestJson);
  CHECK(conclab::grading::read_gtest_report(dir.path() / "whole.json")->tests.size() == 3);
}
