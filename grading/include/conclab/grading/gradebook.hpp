/// @file gradebook.hpp
/// @brief The grades of a whole class together: a CSV gradebook for a spreadsheet and an HTML
/// summary of how the class did, lab by lab and kind by kind.
#pragma once

#include <string>
#include <vector>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The gradebook as CSV (RFC 4180: CRLF line endings, fields with a comma, a quote or a line
/// break quoted, quotes doubled). The header is `submission,total,max`, then `labNN,labNN_max`
/// for every lab any grade has (by id), then `labNN_KIND` for every kind of those labs (in the
/// rubric's order), then `content_hash,graded_at,provisional`. One row per grade, sorted by
/// submission; a lab or kind a submission lacks leaves its cells empty, a kind that could not
/// be measured reads "ungraded", and `provisional` is "yes" for a provisional grade
/// (Grade::provisional), "no" otherwise. Text that a spreadsheet would take for a formula (it
/// starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading apostrophe.
[[nodiscard]] std::string gradebook_csv(const std::vector<Grade>& grades);

/// A self-contained HTML page (inline CSS, no scripts, no external resources) summing up the
/// class: the number of submissions, the mean, median, lowest and highest total; per lab a
/// histogram of scores in 10 % buckets and, per kind, the mean share of points earned and how
/// many submissions lost points there; and a table of the submissions with their totals, each
/// linking to `SUBMISSION/grade.html` (the name URL-encoded) and marked when provisional. A
/// banner under the title counts the provisional grades, if there are any.
[[nodiscard]] std::string class_summary_html(const std::vector<Grade>& grades);

}  // namespace conclab::grading
