/// @file junit_report.hpp
/// @brief The JUnit XML of a grade, for CI systems and test dashboards.
#pragma once

#include <string>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The grade as JUnit XML: one `<testsuite>` per lab and kind ("lab01.correctness"), one
/// `<testcase>` per test; failed tests carry a `<failure>` with the evidence, tests that did
/// not run or could not be measured a `<skipped>`. A lab's missing files and compile error go
/// to its suites' `<system-out>` and `<system-err>`; problems with the submission as a whole
/// form a failing suite "submission". The suites of a provisional lab (GradedLab::provisional)
/// carry a property `provisional` = `true`. conclab times labs, not tests, so only
/// `<testsuites>` carries a time.
[[nodiscard]] std::string to_junit(const Grade& grade);

}  // namespace conclab::grading
