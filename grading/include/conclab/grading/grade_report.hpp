/// @file grade_report.hpp
/// @brief Every report format of one graded submission: text for a terminal, conclab's own
/// JSON (stored results, resumable batches), Gradescope's results.json, JUnit XML, a
/// self-contained HTML page and GitHub Classroom's grader result. All are written from a Grade
/// alone. Each format has a header of its own under conclab/grading/report/; this one includes them
/// all, with the registry of formats (report_format.hpp) and the helpers they share
/// (formatting.hpp).
#pragma once

#include "conclab/grading/report/formatting.hpp"
#include "conclab/grading/report/github_classroom_report.hpp"
#include "conclab/grading/report/gradescope_report.hpp"
#include "conclab/grading/report/html_report.hpp"
#include "conclab/grading/report/json_report.hpp"
#include "conclab/grading/report/junit_report.hpp"
#include "conclab/grading/report/report_format.hpp"
#include "conclab/grading/report/text_report.hpp"
