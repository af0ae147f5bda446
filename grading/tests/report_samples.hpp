// Grades for the report formats' tests: a lab with every kind of outcome and hostile student
// output, and a submission that does not compile.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conclab/grading/grade.hpp"
#include "text_checks.hpp"

namespace conclab::grading::testing {

/// Student output at its worst: markup, quotes, a control byte and a terminal escape.
inline constexpr std::string_view kHostileEvidence = "data race on <script>&\"' \x01here\x1b[2J";

inline GradedTest make_test(std::string name, std::string kind, GradedStatus status, double score,
                            double max_score, std::vector<std::string> evidence = {}) {
  return {std::move(name), std::move(kind), status, score, max_score, std::move(evidence)};
}

inline GradedKind make_kind(std::string kind, std::vector<GradedTest> tests,
                            bool ungraded = false) {
  GradedKind graded{std::move(kind), 0.0, 0.0, ungraded, std::move(tests)};
  for (const GradedTest& test : graded.tests) {
    graded.score += test.score;
    graded.max_score += test.max_score;
  }
  return graded;
}

/// Lab 01 with a passed and a failed correctness test, a failed race test with hostile
/// evidence, speedup not measured, and a missing file: 2.5 of 10 points.
inline Grade sample_grade() {
  GradedLab lab;
  lab.id = "01";
  lab.dir_name = "01-threads-and-locks";
  lab.title = "Threads and locks";
  lab.files_found = {"counters.cpp"};
  lab.files_missing = {"threads.cpp"};
  lab.seconds = 12.5;
  lab.kinds = {
      make_kind("correctness",
                {make_test("Counter.Increments", "correctness", GradedStatus::passed, 2.5, 2.5),
                 make_test("Counter.Concurrent", "correctness", GradedStatus::failed, 0.0, 2.5,
                           {"expected 4000, got 3987", "chaos seed 42 replays it"})}),
      make_kind("race", {make_test("Race.Counter", "race", GradedStatus::failed, 0.0, 5.0,
                                   {std::string(kHostileEvidence)})}),
      make_kind("speedup",
                {make_test("Speedup.FourThreads", "speedup", GradedStatus::ungraded, 0.0, 0.0,
                           {"only 1 core available"})},
                true),
  };
  lab.score = 2.5;
  lab.max_score = 10.0;

  Grade grade;
  grade.submission = "alice";
  grade.content_hash = "9f86d081884c7d65";
  grade.graded_at = "2024-05-01T12:00:00Z";
  grade.score = 2.5;
  grade.max_score = 10.0;
  grade.seconds = 12.6;
  grade.labs = {lab};
  return grade;
}

/// A submission whose archive had trouble and whose lab 02 does not compile.
inline Grade broken_grade() {
  GradedLab lab;
  lab.id = "02";
  lab.dir_name = "02-condition-variables";
  lab.title = "Condition variables";
  lab.compile_error = {"queue.cpp:4:3: error: expected ';' before 'return'", "    4 |   return x;"};
  lab.kinds = {make_kind("correctness", {make_test("(build)", "correctness", GradedStatus::not_run,
                                                   0.0, 10.0, {"the code did not compile"})})};
  lab.max_score = 10.0;

  Grade grade;
  grade.submission = "bob";
  grade.max_score = 10.0;
  grade.problems = {"the archive bob.zip would not unpack completely"};
  grade.labs = {lab};
  return grade;
}

}  // namespace conclab::grading::testing
