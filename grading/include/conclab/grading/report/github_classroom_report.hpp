/// @file github_classroom_report.hpp
/// @brief The result of a grade as GitHub Classroom's autograding reporter reads it from a
/// grader step: the document `classroom-resources/autograding-command-grader` writes to its
/// `result` output, base64-encoded.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The grade as one GitHub Classroom runner's result (`version` 1): `status` "pass", "fail"
/// (some test lost points) or "error" (problems with the submission as a whole), `max_score`
/// the grade's, and one entry in `tests` per graded test, named "lab 01 · correctness ·
/// Suite.Name", with `status` "pass" or "fail" (failed or did not run), `score`, `message`
/// (the evidence of a lost test, cut short; why an unmeasured test was not measured and that
/// the grade is provisional), `test_code` and `filename` empty, `line_no` 0 and `duration` 0
/// (conclab times labs, not tests). Problems add an entry with status "error". The reporter
/// sends Classroom the sum of the tests' scores, so the scores add up to the grade's score: the
/// points of a kind that could not be measured go to its unmeasured tests, and what a kind's
/// floor at 0 gave back goes to its failed guards' negative scores.
[[nodiscard]] nlohmann::json to_github_classroom(const Grade& grade);

/// to_github_classroom's document as the reporter reads it: compact JSON (invalid UTF-8
/// replaced) in base64, on one line, without a newline. A workflow step passes it on with
/// `echo "result=$(./conclab grade ... --format github-classroom)" >> "$GITHUB_OUTPUT"`.
[[nodiscard]] std::string github_classroom_result(const Grade& grade);

}  // namespace conclab::grading
