/// @file slurm_script.hpp
/// @brief The batch scripts that grade a class on a Slurm cluster: a job array with one task
/// per submission to grade, and a job that writes the gradebook once they have all ended.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// What the scripts grade, where, and how.
struct SlurmPlan {
  /// The course's checkout, on a file system every node sees (absolute).
  std::filesystem::path course;
  /// The folder of submissions, as given to grade-class (absolute).
  std::filesystem::path submissions;
  /// The results folder, as given to grade-class (absolute); its `slurm/` holds the scripts
  /// and the jobs' logs.
  std::filesystem::path out;
  /// The labs to grade (grade-class's --lab), as ids.
  std::vector<std::string> labs;
  /// The submissions (grade-class's names for them) that need a grade, one array task each.
  std::vector<std::string> students;
  /// How many copies of the course each node keeps, and so how many tasks one node grades at
  /// once: task i uses copy i % node_slots.
  int node_slots = 1;
  /// Minutes a task may take; the first task on a node also builds that node's copy.
  int minutes = 120;
};

/// `text` as one word for bash: in single quotes, a quote inside written '\''.
[[nodiscard]] std::string shell_quote(std::string_view text);

/// The job array's script. Task i grades students[i] with `conclab grade-class SUBMISSIONS
/// --out OUT --lab LAB --only STUDENT`, in a copy of the course of its own node (under
/// $CONCLAB_NODE_ROOT, default /tmp): `conclab-HOST-slotK`, refreshed from the shared course
/// (everything but build/) and built there on first use, reused by the node's later tasks. A
/// lock on the copy keeps two tasks from using it at once. Throws std::invalid_argument when
/// `plan` has no student or node_slots is below 1.
[[nodiscard]] std::string slurm_array_script(const SlurmPlan& plan);

/// The collect job's script: `conclab grade-class SUBMISSIONS --out OUT --collect`, run by the
/// course's own conclab once every task of the array has ended (submitted with
/// --dependency=afterany:ARRAY).
[[nodiscard]] std::string slurm_collect_script(const SlurmPlan& plan);

/// The job id in what `sbatch --parsable` printed: its last line, "ID" or "ID;CLUSTER" (a
/// warning may come before it); empty when that line is no job id.
[[nodiscard]] std::string sbatch_job_id(std::string_view output);

}  // namespace conclab::grading
