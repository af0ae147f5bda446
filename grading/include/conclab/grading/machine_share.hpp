// How concurrent gradings share this machine: a speedup measurement needs it quiet, everything
// else can share it.
#pragma once

#include <filesystem>
#include <memory>

#include "conclab/grading/grade_build.hpp"

namespace conclab::grading {

/// A claim on the machine, held while it lives. Builds and test runs of any number of gradings
/// (threads of one grader, or other grader processes) share the machine; a speedup measurement
/// holds it alone, so that no other grading's compiler or tests take its cores.
///
/// A waiting measurement goes first: once one waits, no new shared claim starts before it has
/// run, so gradings that keep the machine busy one test after another cannot starve it.
class MachineShare {
 public:
  /// A claim beside other shared ones: a build or a test run.
  [[nodiscard]] static MachineShare shared();
  /// The machine alone: waits for every shared claim to end.
  [[nodiscard]] static MachineShare alone();

  /// The lock files, in `folder` (a test uses a folder of its own; graders use /tmp).
  static void use_folder(const std::filesystem::path& folder);

 private:
  MachineShare() = default;

  std::unique_ptr<MachineLock> turnstile_;  // held by a claim for the machine alone
  std::unique_ptr<MachineLock> claim_;
};

}  // namespace conclab::grading
