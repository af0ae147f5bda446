#include "conclab/grading/report/junit_report.hpp"

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

TEST_CASE("the JUnit XML of a grade escapes student output and counts tests") {
  const std::string xml = conclab::grading::to_junit(sample_grade());
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  CHECK(contains(xml,
                 "<testsuites name=\"alice\" tests=\"4\" failures=\"2\" errors=\"0\" "
                 "skipped=\"1\" time=\"12.600\">"));
  CHECK(contains(xml,
                 "<testsuite name=\"lab01.correctness\" tests=\"2\" failures=\"1\" errors=\"0\" "
                 "skipped=\"0\""));
  CHECK(contains(xml, "<testcase classname=\"lab01.correctness\" name=\"Counter.Increments\""));
  CHECK(contains(xml,
                 "<failure message=\"expected 4000, got 3987\" type=\"failed\">expected 4000, "
                 "got 3987\nchaos seed 42 replays it</failure>"));
  CHECK(contains(xml, "<skipped message=\"ungraded: only 1 core available\"/>"));
  CHECK(contains(xml, "<system-out>missing: threads.cpp (the stub was graded)</system-out>"));

  CHECK(contains(xml, "data race on &lt;script&gt;&amp;&quot;&apos; here[2J"));
  CHECK_FALSE(contains(xml, "<script>"));
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find('\x1b') == std::string::npos);
}

TEST_CASE("the JUnit suites of a provisional lab carry a property saying so") {
  const std::string xml = conclab::grading::to_junit(sample_grade());
  CHECK(contains(xml,
                 "skipped=\"0\" time=\"0\">\n    <properties>\n      <property "
                 "name=\"provisional\" value=\"true\"/>\n    </properties>\n    <testcase "
                 "classname=\"lab01.correctness\""));
  CHECK_FALSE(contains(conclab::grading::to_junit(broken_grade()), "<properties>"));
}

TEST_CASE("the JUnit XML of a grade lists problems, compile errors and tests that did not run") {
  const std::string xml = conclab::grading::to_junit(broken_grade());
  CHECK(contains(xml, "tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""));
  CHECK(contains(xml, "<testsuite name=\"submission\""));
  CHECK(contains(xml, "would not unpack completely"));
  CHECK(contains(xml, "<skipped message=\"not run: the code did not compile\"/>"));
  CHECK(contains(xml,
                 "<system-err>does not compile:\nqueue.cpp:4:3: error: expected "
                 "&apos;;&apos; before &apos;return&apos;"));
}
