#include "conclab/grading/report/html_report.hpp"

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

TEST_CASE("the HTML page of a grade is self-contained and escapes everything") {
  Grade grade = sample_grade();
  grade.submission = "<b>alice</b>";
  const std::string html = conclab::grading::to_html(grade);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(contains(html, "Content-Security-Policy"));
  CHECK(contains(html, "<title>conclab grade: &lt;b&gt;alice&lt;/b&gt;</title>"));
  CHECK(contains(html, "<h1>&lt;b&gt;alice&lt;/b&gt;</h1>"));
  CHECK_FALSE(contains(html, "<b>"));
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "src="));
  CHECK_FALSE(contains(html, "<link"));
  CHECK(contains(html, "data race on &lt;script&gt;&amp;&quot;&apos; here"));
  CHECK(html.find('\x01') == std::string::npos);
  CHECK(contains(html, "<pre>expected 4000, got 3987\nchaos seed 42 replays it</pre>"));
  CHECK(contains(html, "<td>speedup</td><td class=\"ungraded\">not measured</td>"));
  CHECK(contains(html, "1 passed, 1 failed"));
  CHECK_FALSE(contains(html, "Counter.Increments"));  // passed: no points lost
}

TEST_CASE("the HTML page of a provisional grade shows a banner under its title") {
  const std::string html = conclab::grading::to_html(sample_grade());
  CHECK(contains(html,
                 "<h1>alice</h1>\n<p class=\"provisional\"><strong>Provisional:</strong> lab 01 "
                 "speedup was not measured on this machine; re-grade on a quiet machine.</p>\n"));
  CHECK(contains(html, ".provisional {"));
  CHECK_FALSE(contains(conclab::grading::to_html(broken_grade()), "class=\"provisional\""));
}
