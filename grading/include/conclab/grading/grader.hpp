/// @file grader.hpp
/// @brief The grading pipeline of one submission: fetch → build → correctness → race →
/// deadlock → speedup → judge. Reporting is the caller's (see grade_report.hpp).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "conclab/grading/grade.hpp"
#include "conclab/grading/lab_catalog.hpp"
#include "conclab/grading/repo_layout.hpp"

namespace conclab::grading {

/// How to grade one submission.
struct GradeOptions {
  /// The labs to grade; empty grades those the submission holds (see fetch_submission).
  std::vector<const Lab*> labs;
  /// The grader slot to build in: concurrent gradings must use different slots.
  int slot = 0;
  /// A folder of the grader's own for unpacking and running (emptied first).
  std::filesystem::path scratch;
  /// Receives a line at the start and end of each stage; may be empty.
  std::function<void(const std::string&)> log;
};

/// Makes sure the build trees the grader builds in (default and tsan) are configured with at
/// least `slots` slots for every lab, configuring them when they are not.
void prepare_grade_trees(const RepoLayout& layout, int slots,
                         const std::function<void(const std::string&)>& log);

/// Grades the submission at `input` (a folder, .zip or .tar.gz). Never throws for anything the
/// submission does (it does not compile, crashes, hangs, forks without end): that is a grade.
/// Throws UserError when `input` is missing or cannot be unpacked, std::runtime_error when the
/// grader itself cannot work (a reference solution that does not build).
[[nodiscard]] Grade grade_submission(const RepoLayout& layout, const LabCatalog& catalog,
                                     const std::filesystem::path& input,
                                     const GradeOptions& options);

}  // namespace conclab::grading
