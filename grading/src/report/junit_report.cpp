#include "conclab/grading/report/junit_report.hpp"

#include "conclab/grading/report/formatting.hpp"
#include "conclab/grading/text.hpp"
#include "report_common.hpp"

namespace conclab::grading {

namespace {

using namespace report_detail;

// ---------------------------------------------------------------------------------------------
// JUnit XML.

/// How many testcases a suite has, and how they ended.
struct JunitCounts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t skipped = 0;

  void add(const JunitCounts& other) {
    tests += other.tests;
    failures += other.failures;
    skipped += other.skipped;
  }
};

JunitCounts count_kind(const GradedKind& kind) {
  JunitCounts counts;
  for (const GradedTest& test : kind.tests) {
    ++counts.tests;
    counts.failures += test.status == GradedStatus::failed ? 1 : 0;
    const bool skipped =
        test.status == GradedStatus::not_run || test.status == GradedStatus::ungraded;
    counts.skipped += skipped ? 1 : 0;
  }
  return counts;
}

std::string counts_attributes(const JunitCounts& counts) {
  return " tests=\"" + std::to_string(counts.tests) + "\" failures=\"" +
         std::to_string(counts.failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(counts.skipped) + "\"";
}

std::string junit_testcase(const std::string& suite, const GradedTest& test) {
  std::string xml = "    <testcase classname=\"" + escape_attribute(suite) + "\" name=\"" +
                    escape_attribute(test.name) + "\" time=\"0\"";
  if (test.status == GradedStatus::passed) {
    return xml + "/>\n";
  }
  const std::string first = first_evidence_line(test);
  if (test.status == GradedStatus::failed) {
    xml += ">\n      <failure message=\"" + escape_attribute(first.empty() ? "failed" : first) +
           "\" type=\"failed\">" + escape_xml(join(evidence_lines(test), "\n")) + "</failure>\n";
  } else {
    const std::string why = to_string(test.status) + (first.empty() ? "" : ": " + first);
    xml += ">\n      <skipped message=\"" + escape_attribute(why) + "\"/>\n";
  }
  return xml + "    </testcase>\n";
}

/// The lab's missing files and compile error, for each of its suites.
std::string junit_lab_output(const GradedLab& lab) {
  std::string xml;
  if (!lab.files_missing.empty()) {
    xml += "    <system-out>" + escape_xml("missing: " + missing_files_note(lab.files_missing)) +
           "</system-out>\n";
  }
  if (!lab.compile_error.empty()) {
    xml += "    <system-err>" + escape_xml("does not compile:\n" + join(lab.compile_error, "\n")) +
           "</system-err>\n";
  }
  return xml;
}

/// A provisional or flagged lab's suites say so in properties (the first child of a
/// `<testsuite>`).
std::string junit_lab_properties(const GradedLab& lab) {
  std::string properties;
  if (lab.provisional()) {
    properties += "      <property name=\"provisional\" value=\"true\"/>\n";
  }
  for (const std::string& flag : lab.flags) {
    properties += "      <property name=\"flagged\" value=\"" + escape_attribute(flag) + "\"/>\n";
  }
  return properties.empty() ? std::string()
                            : "    <properties>\n" + properties + "    </properties>\n";
}

std::string junit_suite(const GradedLab& lab, const GradedKind& kind) {
  const std::string name = lab_key(lab) + "." + kind.kind;
  std::string xml = "  <testsuite name=\"" + escape_attribute(name) + "\"" +
                    counts_attributes(count_kind(kind)) + " time=\"0\">\n" +
                    junit_lab_properties(lab);
  for (const GradedTest& test : kind.tests) {
    xml += junit_testcase(name, test);
  }
  return xml + junit_lab_output(lab) + "  </testsuite>\n";
}

std::string junit_problems_suite(const std::vector<std::string>& problems) {
  return "  <testsuite name=\"submission\"" + counts_attributes({1, 1, 0}) +
         " time=\"0\">\n    <testcase classname=\"submission\" name=\"problems\" "
         "time=\"0\">\n      <failure message=\"" +
         escape_attribute(problems.front()) + "\" type=\"problem\">" +
         escape_xml(join(problems, "\n")) + "</failure>\n    </testcase>\n  </testsuite>\n";
}

}  // namespace

std::string to_junit(const Grade& grade) {
  JunitCounts total;
  std::string suites;
  if (!grade.problems.empty()) {
    total.add({1, 1, 0});
    suites += junit_problems_suite(grade.problems);
  }
  for (const GradedLab& lab : grade.labs) {
    for (const GradedKind& kind : lab.kinds) {
      total.add(count_kind(kind));
      suites += junit_suite(lab, kind);
    }
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" +
         escape_attribute(grade.submission) + "\"" + counts_attributes(total) + " time=\"" +
         fixed(grade.seconds, 3) + "\">\n" + suites + "</testsuites>\n";
}

}  // namespace conclab::grading
