// Where the grading commands keep their work, and how they write results.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli.hpp"
#include "conclab/grading/grade.hpp"
#include "conclab/grading/grade_report.hpp"
#include "conclab/grading/repo_layout.hpp"

namespace conclab::cli {

/// The labs `names` name (each must be one: UserError otherwise), in the order given.
std::vector<const grading::Lab*> resolve_labs(const Session& session,
                                              const std::vector<std::string>& names);

/// Grades the submission at `input` in `labs` (empty: those it holds) the way every one-off
/// command does: in slot 0 with a scratch folder of this process's own, removed afterwards,
/// and the grader's stage lines on standard error.
grading::Grade grade_one(const Session& session, const std::filesystem::path& input,
                         std::vector<const grading::Lab*> labs);

/// build/default/grading-scratch/NAME, made empty.
std::filesystem::path scratch_dir(const grading::RepoLayout& layout, const std::string& name);

/// Writes `text` to `file` atomically: a reader (or a batch killed half way) sees the old file
/// or the new one, never a part.
void write_atomically(const std::filesystem::path& file, const std::string& text);

/// Writes the shell script `text` to `file`, which everyone may read and run.
void write_script(const std::filesystem::path& file, const std::string& text);

/// Writes the grade into `dir` in each of `formats` (grade.json last: its presence means the
/// grading finished).
void write_grade_files(const std::filesystem::path& dir, const grading::Grade& grade,
                       const std::vector<grading::ReportFormat>& formats);

}  // namespace conclab::cli
