// conclab gradescope LAB: the autograder bundle Gradescope runs for one lab.
#include <fstream>
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/subprocess.hpp"
#include "grade_files.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;

/// setup.sh: run once by Gradescope when the bundle is uploaded. It prepares the machine and
/// grades the reference solution once, which builds everything a submission's grading reuses.
std::string setup_script(const grading::Lab& lab) {
  return "#!/usr/bin/env bash\n"
         "# Gradescope runs this once, as root, when the autograder is built (Ubuntu 24.04 base\n"
         "# image: CMake 3.25 or newer is needed). It installs what conclab needs and builds the\n"
         "# grader's trees by grading the reference solution once.\n"
         "set -euo pipefail\n"
         "cd \"$(dirname \"${BASH_SOURCE[0]}\")\"\n"
         "grading/bootstrap.sh default\n"
         "./conclab grade solutions/" +
         lab.dir_name + " --lab " + lab.id + " > /dev/null\n";
}

/// run_autograder: run by Gradescope for every submission.
std::string run_script(const grading::Lab& lab) {
  return "#!/usr/bin/env bash\n"
         "# Gradescope runs this for every submission: the student's files are in\n"
         "# $AUTOGRADER_ROOT/submission, the results go to $AUTOGRADER_ROOT/results/results.json.\n"
         "set -uo pipefail\n"
         "autograder=${AUTOGRADER_ROOT:-/autograder}\n"
         "source_dir=${CONCLAB_SOURCE:-$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)}\n"
         "mkdir -p \"$autograder/results\"\n"
         "if ! \"$source_dir/conclab\" grade \"$autograder/submission\" --lab " +
         lab.id +
         " --format gradescope --out \"$autograder/results\"; then\n"
         "  # Gradescope shows an error without a results file: say what happened instead.\n"
         "  cat > \"$autograder/results/results.json\" << 'JSON'\n"
         "{\"score\": 0, \"output\": \"The grader could not finish grading this submission. Please "
         "tell your instructor; this is not a verdict on your code.\", \"tests\": []}\n"
         "JSON\n"
         "fi\n";
}

void run_or_throw(const grading::RunOptions& options, const std::string& what) {
  const grading::RunResult result = grading::run_tool(options);
  if (!result.succeeded()) {
    throw std::runtime_error(what + " failed: " + result.output.substr(0, 2000));
  }
}

int run_gradescope(const std::string& lab_name, const std::string& out_option) {
  const Session session = open_session();
  const grading::Lab& lab = session.catalog.resolve(lab_name);
  const fs::path root = session.layout.root();
  const fs::path stage = scratch_dir(session.layout, "gradescope-" + lab.id);
  grading::RunOptions archive;  // the committed sources, nothing a build or a student left
  archive.argv = {"sh", "-c", "git -C \"$0\" archive --format=tar HEAD | tar -x -C \"$1\"",
                  root.string(), stage.string()};
  run_or_throw(archive, "git archive");
  write_script(stage / "setup.sh", setup_script(lab));
  write_script(stage / "run_autograder", run_script(lab));
  const fs::path out =
      fs::absolute(out_option.empty() ? session.layout.build_dir(grading::kDefaultPreset) /
                                            ("gradescope-lab" + lab.id + ".zip")
                                      : fs::path(out_option));
  fs::create_directories(out.parent_path());
  fs::remove(out);
  grading::RunOptions zip;
  zip.argv = {"zip", "-q", "-r", out.string(), "."};
  zip.working_dir = stage;
  run_or_throw(zip, "zip");
  fs::remove_all(stage);
  std::cout << "Gradescope autograder for lab " << lab.id << ": " << out.string() << '\n'
            << "(built from the last commit; upload it as the assignment's autograder, base "
               "image Ubuntu 24.04)\n";
  return kExitOk;
}

}  // namespace

Command add_gradescope_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "gradescope",
      "Write the autograder zip Gradescope runs for a lab (setup.sh, run_autograder)");
  auto lab = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  command->add_option("LAB", *lab, "The lab")->required();
  command->add_option("--out", *out,
                      "The zip to write (default: build/default/gradescope-labNN.zip)");
  return Command{command, [lab, out] { return run_gradescope(*lab, *out); }};
}

}  // namespace conclab::cli
