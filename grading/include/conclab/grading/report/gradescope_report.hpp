/// @file gradescope_report.hpp
/// @brief Gradescope's autograder results.json of a grade.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The grade as Gradescope's autograder results.json: the total `score`, `execution_time`
/// (whole seconds), an `output` summary (problems, compile errors, missing files, scores per
/// lab and kind), `stdout_visibility` "visible", and one entry in `tests` per graded test,
/// named "lab 01 · correctness · Suite.Name" and tagged with its kind and lab. A test that
/// could not be measured is "passed" with 0 of 0 points and says why in its output, and that
/// the grade is provisional; so does the `output` summary of a provisional grade.
[[nodiscard]] nlohmann::json to_gradescope(const Grade& grade);

}  // namespace conclab::grading
