#include "class_slurm.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "cli.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;

void write_script(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::trunc) << text;
  fs::permissions(file, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
}

/// Runs sbatch with `arguments` and returns the job id it prints (--parsable: "ID[;CLUSTER]").
std::string sbatch(std::vector<std::string> arguments) {
  grading::RunOptions options;
  options.argv = {"sbatch", "--parsable"};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  const grading::RunResult result = grading::run_tool(options);
  const std::string id =
      std::string(grading::trim(result.output.substr(0, result.output.find(';'))));
  if (!result.succeeded() || id.empty() ||
      id.find_first_not_of("0123456789") != std::string::npos) {
    throw grading::UserError("sbatch failed: " + result.output.substr(0, 2000));
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
