#include "conclab/grading/slurm_script.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace {

using conclab::grading::sbatch_job_id;
using conclab::grading::shell_quote;
using conclab::grading::slurm_array_script;
using conclab::grading::slurm_collect_script;
using conclab::grading::SlurmPlan;

/// Two students of lab 08 (one with a quote in the name), two copies of the course per node.
SlurmPlan sample_plan() {
  SlurmPlan plan;
  plan.course = "/shared/conclab";
  plan.submissions = "/shared/class";
  plan.out = "/shared/results";
  plan.labs = {"08"};
  plan.students = {"alice", "o'brien"};
  plan.node_slots = 2;
  return plan;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("shell_quote makes one bash word of anything") {
  CHECK(shell_quote("alice") == "'alice'");
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("o'brien $HOME") == "'o'\\''brien $HOME'");
}

TEST_CASE("the array script has one task per student, each grading one in its node's copy") {
  const std::string script = slurm_array_script(sample_plan());
  CHECK(script.starts_with("#!/usr/bin/env bash\n"));
  CHECK(has(script, "\n#SBATCH --array=0-1\n"));
  CHECK(has(script, "\n#SBATCH --output=/shared/results/slurm/grade-%A_%a.log\n"));
  CHECK(has(script, "\n  'alice'\n  'o'\\''brien'\n)\n"));
  CHECK(has(script, "student=${students[$SLURM_ARRAY_TASK_ID]}\n"));
  CHECK(has(script, "conclab-$(hostname -s)-slot$((SLURM_ARRAY_TASK_ID % 2))"));
  CHECK(has(script, "flock 9\n"));
  CHECK(has(script, "--exclude=./build"));
  CHECK(has(script,
            "\"$copy/conclab\" grade-class \"$submissions\" --out \"$out\" --lab '08' "
            "--only \"$student\"\n"));
  CHECK(has(script, "course='/shared/conclab'\n"));
  // Every #SBATCH line comes before the first command: sbatch stops reading them there.
  CHECK(script.rfind("#SBATCH") < script.find("set -euo pipefail"));
}

TEST_CASE("the collect script writes the gradebook with the course's own conclab") {
  const std::string script = slurm_collect_script(sample_plan());
  CHECK(has(script, "\"$course/conclab\" grade-class \"$submissions\" --out \"$out\" --collect\n"));
  CHECK(has(script, "#SBATCH --output=/shared/results/slurm/collect-%j.log\n"));
  CHECK(script.rfind("#SBATCH") < script.find("set -euo pipefail"));
}

TEST_CASE("an array of no student is refused") {
  SlurmPlan plan = sample_plan();
  plan.students.clear();
  CHECK_THROWS_AS((void)slurm_array_script(plan), std::invalid_argument);
}

TEST_CASE("sbatch_job_id reads the id sbatch --parsable prints, after any warning") {
  CHECK(sbatch_job_id("1234\n") == "1234");
  CHECK(sbatch_job_id("1234;cluster\n") == "1234");
  CHECK(sbatch_job_id("sbatch: warning: something\n77\n") == "77");
  CHECK(sbatch_job_id("sbatch: error: Batch job submission failed\n").empty());
  CHECK(sbatch_job_id("").empty());
}
