#include "conclab/grading/report/text_report.hpp"

#include <doctest/doctest.h>

#include "report_samples.hpp"

using conclab::grading::Grade;
using conclab::grading::GradedKind;
using conclab::grading::GradedLab;
using conclab::grading::GradedStatus;
using conclab::grading::GradedTest;
using conclab::grading::testing::broken_grade;
using conclab::grading::testing::contains;
using conclab::grading::testing::kHostileEvidence;
using conclab::grading::testing::sample_grade;

TEST_CASE("the text report of a grade shows each lab, kind, lost test and its evidence") {
  const std::string text = conclab::grading::format_text(sample_grade(), false);
  CHECK(text.starts_with("submission alice\nlab 01  Threads and locks   2.5 / 10\n"));
  CHECK(contains(text, "  missing: threads.cpp (the stub was graded)\n"));
  CHECK(contains(text, "  correctness  2.5 / 5\n"));
  CHECK(contains(text,
                 "    FAIL Counter.Concurrent  -2.5\n"
                 "      expected 4000, got 3987\n"
                 "      chaos seed 42 replays it\n"));
  CHECK(contains(text, "  race         0.0 / 5\n    FAIL Race.Counter  -5.0\n"));
  CHECK(contains(text, "  speedup      not measured (only 1 core available)\n"));
  CHECK_FALSE(contains(text, "Counter.Increments"));
  CHECK(text.ends_with("\ntotal 2.5 / 10\n"));
  CHECK(text.find('\x1b') == std::string::npos);  // not even the student's own escape
  CHECK(text.find('\x01') == std::string::npos);
}

TEST_CASE("the text report of a grade puts problems first and shows compile errors") {
  const std::string text = conclab::grading::format_text(broken_grade(), false);
  CHECK(text.starts_with(
      "submission bob\nproblem: the archive bob.zip would not unpack completely\nlab 02"));
  CHECK(contains(text,
                 "  does not compile:\n"
                 "    queue.cpp:4:3: error: expected ';' before 'return'\n"
                 "        4 |   return x;\n"));
  CHECK(contains(text, "    NOT RUN (build)  -10.0\n      the code did not compile\n"));
  CHECK(text.ends_with("total 0.0 / 10\n"));
}

TEST_CASE("the text report of a provisional grade says so above the total") {
  const std::string text = conclab::grading::format_text(sample_grade(), false);
  CHECK(contains(text,
                 "\nPROVISIONAL: lab 01 speedup was not measured on this machine; re-grade on a "
                 "quiet machine\ntotal 2.5 / 10\n"));
  CHECK_FALSE(contains(conclab::grading::format_text(broken_grade(), false), "PROVISIONAL"));
  CHECK(contains(conclab::grading::format_text(sample_grade(), true), "\x1b[33mPROVISIONAL: "));

  Grade two = sample_grade();
  two.labs.push_back(two.labs[0]);
  two.labs[1].id = "02";
  two.labs[1].kinds[2].ungraded = false;  // measured in part: one test still unmeasured
  CHECK(contains(conclab::grading::format_text(two, false),
                 "PROVISIONAL: lab 01 speedup and lab 02 speedup (in part) were not measured"));
}

TEST_CASE("the text report of a grade is colored only when asked") {
  const std::string text = conclab::grading::format_text(sample_grade(), true);
  CHECK(contains(text, "\x1b[31mFAIL\x1b[0m Counter.Concurrent"));
  CHECK(contains(text, "\x1b[33mnot measured\x1b[0m"));
  CHECK(contains(text, "\x1b[31m2.5 / 5\x1b[0m"));
  CHECK(contains(text, "here[2J"));  // the student's escape lost its ESC: inert
}

TEST_CASE("the text report of a flagged grade shows each flagged line for the instructor") {
  Grade grade = sample_grade();
  grade.labs[0].flags = {"counters.cpp:3: reads the harness's command line: `x`"};
  CHECK(contains(conclab::grading::format_text(grade, false),
                 "\nFLAGGED for the instructor: lab 01 counters.cpp:3: reads the harness's command "
                 "line: `x`\ntotal 2.5 / 10\n"));
  CHECK_FALSE(contains(conclab::grading::format_text(sample_grade(), false), "FLAGGED"));
}
