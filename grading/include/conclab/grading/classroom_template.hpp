/// @file classroom_template.hpp
/// @brief The template repository a GitHub Classroom assignment is made from: one lab's
/// handout and stubs, and the workflow that grades each student's repository with conclab.
#pragma once

#include <filesystem>
#include <string>

#include "conclab/grading/lab_catalog.hpp"

namespace conclab::grading {

/// Where the students' workflow gets conclab from: a GitHub repository of the course, at a
/// ref that stays put for the whole assignment (a tag or a commit).
struct CourseSource {
  /// "OWNER/NAME" of the course's repository on GitHub.
  std::string repository = "YOUR-ORG/conclab";
  /// The tag, branch or commit to check out.
  std::string ref = "main";
};

/// The path of the workflow inside the template: ".github/workflows/classroom.yml".
[[nodiscard]] std::filesystem::path classroom_workflow_path();

/// The most points `lab` gives: the sum of its rubric's weights.
[[nodiscard]] int lab_max_score(const Lab& lab);

/// The text of classroom.yml for `lab`: a job `run-autograding-tests` that checks out the
/// student's repository and the course at `source`, runs grading/bootstrap.sh, grades the
/// repository with `conclab grade . --lab NN --format github-classroom` into its step's
/// `result` output, and hands that to classroom-resources/autograding-grading-reporter.
[[nodiscard]] std::string classroom_workflow(const Lab& lab, const CourseSource& source);

/// Writes the template repository into `out`: the lab's README.md (the handout), each of its
/// student files as the lab holds them (the stubs), at the same path relative to the lab's
/// folder, and the workflow. Throws UserError when `out` exists and is not an empty folder,
/// or when the lab lacks a student file.
void write_classroom_template(const Lab& lab, const CourseSource& source,
                              const std::filesystem::path& out);

}  // namespace conclab::grading
