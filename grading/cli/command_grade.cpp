// conclab grade SUBMISSION: grade one submission the way an instructor's grader does.
#include <iostream>
#include <memory>
#include <string>

#include "cli.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/grade_profile.hpp"
#include "conclab/grading/grade_report.hpp"
#include "conclab/grading/subprocess.hpp"
#include "grade_files.hpp"

namespace conclab::cli {

namespace {

/// The options of `conclab grade`.
struct GradeCommandOptions {
  std::string submission;
  std::vector<std::string> labs;
  std::string out;
  std::string format = "text";
  bool profile = false;
};

/// Every report format's name, ", " between each two: "text, json, ...".
std::string format_names() {
  std::string names;
  for (const std::string_view name : grading::report_format_names()) {
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  return names;
}

int run_grade(const GradeCommandOptions& options) {
  const auto format = grading::parse_report_format(options.format);
  if (!format) {
    throw grading::UserError("--format must be one of " + format_names() + ", not '" +
                             options.format + "'");
  }
  const Session session = open_session();
  const grading::Grade grade =
      grade_one(session, options.submission, resolve_labs(session, options.labs));
  if (grading::interrupt_requested()) {
    // A test stopped half-way would read as a failure: an interrupted grading is no verdict.
    std::cerr << "interrupted: no grade was given\n";
    return kExitInterrupted;
  }
  if (!options.out.empty()) {
    write_grade_files(options.out, grade, {*format, grading::ReportFormat::json});
    std::cerr << "written to " << options.out << '\n';
  }
  if (options.out.empty() || *format == grading::ReportFormat::text) {
    std::cout << grading::render(grade, *format, Style::is_terminal());
  }
  if (options.profile) {
    std::cerr << grading::profile_text(grade);
  }
  return kExitOk;
}

}  // namespace

Command add_grade_command(CLI::App& app) {
  CLI::App* grade = app.add_subcommand(
      "grade",
      "Grade a submission as the course's grader does: build it apart from everything "
      "else, run every kind of test sandboxed, score it by the rubric");
  auto options = std::make_shared<GradeCommandOptions>();
  grade
      ->add_option("SUBMISSION", options->submission,
                   "A student's clone (a folder), a .zip or .tar.gz of one, or a folder of just "
                   "the student's files")
      ->required();
  grade->add_option("--lab", options->labs,
                    "Grade this lab (repeatable; default: every lab the submission changed)");
  grade->add_option("--out", options->out,
                    "Also write the report, and grade.json, into this folder");
  grade->add_option("--format", options->format, format_names())->capture_default_str();
  grade->add_flag("--profile", options->profile,
                  "Then print where the grading's seconds went, step by step (to stderr)");
  return Command{grade, [options] { return run_grade(*options); }};
}

}  // namespace conclab::cli
