#include "conclab/grading/slurm_script.hpp"

#include <sstream>
#include <stdexcept>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

/// "--lab 08 --lab 09".
std::string lab_options(const SlurmPlan& plan) {
  std::string options;
  for (const std::string& lab : plan.labs) {
    options += " --lab " + shell_quote(lab);
  }
  return options;
}

/// The shell variables both scripts start with.
std::string shared_paths(const SlurmPlan& plan) {
  return "course=" + shell_quote(plan.course.string()) + "\n" +
         "submissions=" + shell_quote(plan.submissions.string()) + "\n" +
         "out=" + shell_quote(plan.out.string()) + "\n";
}

std::string array_header(const SlurmPlan& plan) {
  std::ostringstream text;
  const std::string logs = (plan.out / "slurm").string();
  text << "#!/usr/bin/env bash\n"
       << "# Written by `conclab grade-class --slurm`: task i of this job array grades\n"
       << "# submission i of the list below, the ones that had no final grade of their current\n"
       << "# content when the script was written.\n"
       << "#SBATCH --job-name=conclab-grade\n"
       << "#SBATCH --array=0-" << plan.students.size() - 1 << "\n"
       << "#SBATCH --cpus-per-task=2\n"
       << "#SBATCH --time=" << plan.minutes << "\n"
       << "#SBATCH --output=" << logs << "/grade-%A_%a.log\n"
       << "set -euo pipefail\n";
  return text.str();
}

}  // namespace

std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

std::string slurm_array_script(const SlurmPlan& plan) {
  if (plan.students.empty() || plan.node_slots < 1) {
    throw std::invalid_argument("a Slurm job array needs a submission and a copy per node");
  }
  std::ostringstream text;
  text << array_header(plan) << shared_paths(plan) << "students=(";
  for (const std::string& student : plan.students) {
    text << "\n  " << shell_quote(student);
  }
  text << "\n)\n"
       << "student=${students[$SLURM_ARRAY_TASK_ID]}\n"
       << "# This node's copy of the course: it builds there once and reuses its trees for\n"
       << "# every later task on the node. The lock keeps a second task out while one refreshes\n"
       << "# or grades in it (" << plan.node_slots << " cop" << (plan.node_slots == 1 ? "y" : "ies")
       << " per node).\n"
       << "copy=\"${CONCLAB_NODE_ROOT:-/tmp}/conclab-$(hostname -s)-slot$((SLURM_ARRAY_TASK_ID % "
       << plan.node_slots << "))\"\n"
       << "mkdir -p \"$copy\"\n"
       << "exec 9> \"$copy.lock\"\n"
       << "flock 9\n"
       << "tar -C \"$course\" --exclude=./build -cf - . | tar -C \"$copy\" -xf -\n"
       << "echo \"grading $student on $(hostname -s) in $copy\"\n"
       << R"("$copy/conclab" grade-class "$submissions" --out "$out")" << lab_options(plan)
       << " --only \"$student\"\n";
  return text.str();
}

std::string slurm_collect_script(const SlurmPlan& plan) {
  std::ostringstream text;
  text << "#!/usr/bin/env bash\n"
       << "# Written by `conclab grade-class --slurm`: once every task of the grading array has\n"
       << "# ended, writes gradebook.csv and summary.html from the students' results.\n"
       << "#SBATCH --job-name=conclab-collect\n"
       << "#SBATCH --time=10\n"
       << "#SBATCH --output=" << (plan.out / "slurm").string() << "/collect-%j.log\n"
       << "set -euo pipefail\n"
       << shared_paths(plan) << R"("$course/conclab" grade-class "$submissions" --out "$out")"
       << " --collect\n";
  return text.str();
}

std::string sbatch_job_id(std::string_view output) {
  const std::string_view text = trim(output);
  const std::string_view last = text.substr(text.find_last_of('\n') + 1);
  std::string id(trim(last.substr(0, last.find(';'))));
  return !id.empty() && id.find_first_not_of("0123456789") == std::string::npos ? id
                                                                                : std::string();
}

}  // namespace conclab::grading
