#include "class_slurm.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/subprocess.hpp"
#include "grade_files.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;

/// Runs sbatch with `arguments` and returns the id of the job it submitted.
std::string sbatch(const std::vector<std::string>& arguments) {
  grading::RunOptions options;
  options.argv = {"sbatch", "--parsable"};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  options.timeout = std::chrono::minutes(2);  // a controller that does not answer
  const grading::RunResult result = grading::run_tool(options);
  if (result.program_not_found) {
    throw grading::MissingTool("sbatch");
  }
  std::string id = grading::sbatch_job_id(result.output);
  if (!result.succeeded() || id.empty()) {
    throw grading::UserError("sbatch failed" +
                             std::string(result.timed_out ? " (no answer in 2 minutes)" : "") +
                             ": " + result.output.substr(0, 2000));
  }
  return id;
}

}  // namespace

int write_slurm_jobs(const grading::SlurmPlan& plan, bool submit) {
  const fs::path dir = plan.out / "slurm";
  fs::create_directories(dir);
  write_script(dir / "grade.sbatch", grading::slurm_array_script(plan));
  write_script(dir / "collect.sbatch", grading::slurm_collect_script(plan));
  std::cout << plan.students.size() << " submission" << (plan.students.size() == 1 ? "" : "s")
            << " to grade: " << (dir / "grade.sbatch").string() << ", then "
            << (dir / "collect.sbatch").string() << '\n';
  if (!submit) {
    std::cout << "submit them with\n  id=$(sbatch --parsable " << (dir / "grade.sbatch").string()
              << ")\n  sbatch --dependency=afterany:$id " << (dir / "collect.sbatch").string()
              << "\n(or run grade-class again with --submit)\n";
    return kExitOk;
  }
  const std::string array = sbatch({(dir / "grade.sbatch").string()});
  const std::string collect =
      sbatch({"--dependency=afterany:" + array, (dir / "collect.sbatch").string()});
  std::cout << "submitted: grading array " << array << ", collect job " << collect << " (logs in "
            << dir.string() << ")\n";
  return kExitOk;
}

}  // namespace conclab::cli
