#include "conclab/grading/ctest_summary.hpp"

#include <doctest/doctest.h>

using conclab::grading::CtestSummary;
using conclab::grading::format_ctest_summary;
using conclab::grading::parse_ctest_summary;
using conclab::grading::skipped_proofs;

TEST_CASE("the last summary line of a ctest run gives its counts") {
  const auto summary = parse_ctest_summary(
      "17/17 Test #15: x ...   Passed    5.91 sec\n\n"
      "94% tests passed, 1 tests failed out of 17\n\nLabel Time Summary:\n");
  REQUIRE(summary);
  CHECK(summary->failed == 1);
  CHECK(summary->total == 17);
  CHECK_FALSE(parse_ctest_summary("No tests were found!!!\n"));
}

TEST_CASE("the summary line is written as CTest writes it") {
  CHECK(format_ctest_summary(CtestSummary{0, 33}) == "100% tests passed, 0 tests failed out of 33");
  CHECK(format_ctest_summary(CtestSummary{1, 17}) == "94% tests passed, 1 tests failed out of 17");
  CHECK(format_ctest_summary(CtestSummary{1, 1000}) ==
        "99% tests passed, 1 tests failed out of 1000");
  CHECK(format_ctest_summary(CtestSummary{2, 3}) == "33% tests passed, 2 tests failed out of 3");
  CHECK(format_ctest_summary(CtestSummary{1, 1}) == "0% tests passed, 1 tests failed out of 1");
}

TEST_CASE("a broken variant's check that skipped itself is a proof not given") {
  const auto names = skipped_proofs(
      "232/245 Test #213: lab09.broken-one-worker.speedup .......***Skipped   4.49 sec\n"
      "233/245 Test #220: lab10.solution.speedup ...............***Skipped   1.00 sec\n"
      "234/245 Test #221: lab10.stubs-fail.speedup .............***Skipped   0.30 sec\n"
      "235/245 Test #222: lab10.broken-y.speedup ...............   Passed    5.00 sec\n");
  REQUIRE(names.size() == 1);
  CHECK(names[0] == "lab09.broken-one-worker.speedup");
}
