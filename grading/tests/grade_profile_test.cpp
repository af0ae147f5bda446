#include "conclab/grading/grade_profile.hpp"

#include <doctest/doctest.h>

namespace {

using conclab::grading::Grade;
using conclab::grading::GradedLab;
using conclab::grading::profile_text;

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

}  // namespace
