// conclab classroom LAB --out DIR: the template repository of a GitHub Classroom assignment.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "conclab/grading/classroom_template.hpp"

namespace conclab::cli {

namespace {

/// The options of `conclab classroom`.
struct ClassroomOptions {
  std::string lab;
  std::string out;
  grading::CourseSource source;
};

int run_classroom(const ClassroomOptions& options) {
  const Session session = open_session();
  const grading::Lab& lab = session.catalog.resolve(options.lab);
  grading::write_classroom_template(lab, options.source, options.out);
  std::cout << "GitHub Classroom template of lab " << lab.id << ": " << options.out << '\n'
            << "(push it to a repository marked as a template, and make the assignment from "
               "it; its workflow gets conclab from "
            << options.source.repository << " at " << options.source.ref << ")\n";
  if (options.source.repository == grading::CourseSource{}.repository) {
    std::cout << "note: " << options.source.repository
              << " is a placeholder: give --course-repo OWNER/NAME and --ref TAG\n";
  }
  return kExitOk;
}

}  // namespace

Command add_classroom_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "classroom",
      "Write the template repository of a GitHub Classroom assignment for a lab: the handout, "
      "the stubs and the autograding workflow");
  auto options = std::make_shared<ClassroomOptions>();
  command->add_option("LAB", options->lab, "The lab")->required();
  command->add_option("--out", options->out, "A new or empty folder for the template")->required();
  command
      ->add_option("--course-repo", options->source.repository,
                   "The course's GitHub repository (OWNER/NAME) the workflow gets conclab from")
      ->capture_default_str();
  command
      ->add_option("--ref", options->source.ref,
                   "The tag or commit of it to use (pin one for the whole assignment)")
      ->capture_default_str();
  return Command{command, [options] { return run_classroom(*options); }};
}

}  // namespace conclab::cli
