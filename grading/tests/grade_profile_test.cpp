#include "conclab/grading/grade_profile.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

using conclab::grading::Grade;
using conclab::grading::GradedLab;
using conclab::grading::profile_text;
using conclab::grading::StepTotals;

/// The line of `text` that starts with `start`, or nothing.
std::string line_of(const std::string& text, const std::string& start) {
  const std::size_t at = text.find("\n" + start);
  return at == std::string::npos ? std::string()
                                 : text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

TEST_CASE("a profile lists each step with its seconds and share, then the rest") {
  GradedLab lab;
  lab.id = "03";
  lab.seconds = 20.0;
  lab.steps = {{"build", 10.0}, {"race tests under ThreadSanitizer", 5.0}};
  Grade grade;
  grade.labs = {lab};
  const std::string text = profile_text(grade);
  CHECK(text.find("where the 20.0 s of lab 03 went:") != std::string::npos);
  CHECK(text.find("build") != std::string::npos);
  CHECK(text.find("10.0 s  50%") != std::string::npos);
  CHECK(text.find("race tests under ThreadSanitizer") != std::string::npos);
  CHECK(text.find("5.0 s  25%") != std::string::npos);
  CHECK(text.find("the rest (staging, judging, reports)") != std::string::npos);
}

TEST_CASE("a step that ran beside others is shown apart and left out of the sum") {
  GradedLab lab;
  lab.id = "04";
  lab.seconds = 10.0;
  lab.steps = {{"correctness tests", 6.0}, {"correctness tests under ThreadSanitizer", 5.0, true}};
  Grade grade;
  grade.labs = {lab};
  const std::string text = profile_text(grade);
  CHECK(text.find("beside: correctness tests under ThreadSanitizer") != std::string::npos);
  CHECK(text.find("5.0 s  50%") != std::string::npos);
  // 10 s of wall time, 6 s of it accounted for: the overlapping 5 s are not subtracted again.
  CHECK(text.find("4.0 s  40%") != std::string::npos);
}

TEST_CASE("a lab graded before steps were recorded shows all its time as the rest") {
  GradedLab lab;
  lab.id = "01";
  lab.seconds = 4.0;
  Grade grade;
  grade.labs = {lab};
  CHECK(profile_text(grade).find("4.0 s  100%") != std::string::npos);
}

TEST_CASE("step totals add up a batch's steps by what they did, attempts and counts aside") {
  GradedLab first;
  first.seconds = 30.0;
  first.steps = {{"build", 10.0},
                 {"deadlock tests (and 10 chaos runs)", 8.0},
                 {"deadlock tests under ThreadSanitizer", 3.0, true},
                 {"speedup tests (attempt 1)", 1.0},
                 {"speedup tests (attempt 2)", 1.0}};
  GradedLab second;
  second.seconds = 10.0;
  second.steps = {{"build", 2.0}, {"deadlock tests (and 10 chaos runs)", 4.0}};
  StepTotals totals;
  totals.add(first);
  totals.add(second);
  const std::string text = totals.text();
  CHECK(text.find("where the gradings' 40.0 s went") != std::string::npos);
  CHECK(line_of(text, "  deadlock tests ").ends_with("12.0 s  30%"));
  CHECK(line_of(text, "  build ").ends_with("12.0 s  30%"));
  CHECK(line_of(text, "  speedup tests ").ends_with("2.0 s  5%"));
  CHECK(text.find("beside: deadlock tests under ThreadSanitizer") != std::string::npos);
  CHECK(text.find("chaos") == std::string::npos);
  // Largest first, steps beside others last.
  CHECK(text.find("build") < text.find("speedup tests"));
  CHECK(text.find("speedup tests") < text.find("beside:"));
}

}  // namespace
