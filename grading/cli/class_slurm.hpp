// grade-class --slurm: writing the batch scripts of a class's grading and submitting them.
#pragma once

#include "conclab/grading/slurm_script.hpp"

namespace conclab::cli {

/// Writes OUT/slurm/grade.sbatch and OUT/slurm/collect.sbatch for `plan` and says how to
/// submit them; with `submit`, submits the array with sbatch and the collect job after it
/// (--dependency=afterany:ARRAY). Returns the exit code of grade-class.
int write_slurm_jobs(const grading::SlurmPlan& plan, bool submit);

}  // namespace conclab::cli
