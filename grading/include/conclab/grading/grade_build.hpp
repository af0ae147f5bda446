/// @file grade_build.hpp
/// @brief The build stage of grading: a submission's student files go into one of the grader's
/// slots (see conclab_add_grade_slots in ConclabLab.cmake) and its tests are built there, beside
/// everything else the build tree already holds (common/, the reference solution).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "conclab/grading/repo_layout.hpp"
#include "conclab/grading/submission.hpp"

namespace conclab::grading {

/// How building a submission's tests in one preset went.
struct SlotBuild {
  /// The tests were built.
  bool compiled = false;
  /// When they were not: the first compiler error (paths as the student knows them), or the
  /// end of the log.
  std::vector<std::string> error;
  /// Seconds the build took.
  double seconds = 0.0;
};

/// One grader slot of one lab: a folder of sources in each build tree, and its targets.
class GradeSlot {
 public:
  /// Slot `index` (below the build trees' CONCLAB_GRADE_SLOTS) of `lab`.
  GradeSlot(const RepoLayout& layout, const Lab& lab, int index);

  /// The variant name of the slot's targets and executables: "slot0".
  [[nodiscard]] std::string variant() const;

  /// Writes the submission's student files (the lab's stub for a missing one) into the slot's
  /// sources in `preset`'s tree, touching only files whose text changed.
  void stage(const LabSubmission& submission, std::string_view preset) const;

  /// Builds `targets` in `preset`'s tree (configuring it first if it never was), one build per
  /// tree at a time across every grader on this machine.
  [[nodiscard]] SlotBuild build(std::string_view preset,
                                const std::vector<std::string>& targets) const;

  /// The lock file a grader holds (see MachineLock) while it uses the slot, so that two
  /// gradings started apart (two `conclab grade` at once) take turns instead of mixing their
  /// files. Its folder is created.
  [[nodiscard]] std::filesystem::path lock_file() const;

  /// Whose targets and test executables a grading of `submission` uses: "solution" when every
  /// student file is the reference solution's (its tests are built already: nothing compiles);
  /// the slot's "slotK_shared" in a lab with a student header when every student header is the
  /// solution's (only the .cpp files compile; the solution's test objects are linked); otherwise
  /// the slot's own, "slotK" (in a lab with a student header, every test compiles against it).
  [[nodiscard]] std::string variant_for(const LabSubmission& submission) const;

 private:
  [[nodiscard]] std::filesystem::path sources(std::string_view preset) const;
  /// The text of student file `name` as the slot holds it for `submission`: the submitted
  /// file, or the lab's stub when it is missing.
  [[nodiscard]] std::string staged_text(const LabSubmission& submission,
                                        const std::string& name) const;
  /// True when `name`, as staged for `submission`, is the reference solution's, byte for byte.
  [[nodiscard]] bool same_as_solution(const LabSubmission& submission,
                                      const std::string& name) const;

  const RepoLayout& layout_;
  const Lab& lab_;
  int index_;
};

/// Holds a flock() on `file` (created if needed) while it lives, for any process of this
/// machine: an exclusive one is never held beside any other; shared ones only beside each other.
class MachineLock {
 public:
  /// Exclusive or shared.
  enum class Mode { exclusive, shared };
  /// Waits for the lock on `file`.
  explicit MachineLock(const std::filesystem::path& file, Mode mode = Mode::exclusive);
  MachineLock(const MachineLock&) = delete;
  MachineLock& operator=(const MachineLock&) = delete;
  MachineLock(MachineLock&&) = delete;
  MachineLock& operator=(MachineLock&&) = delete;
  /// Releases the lock.
  ~MachineLock();

 private:
  int fd_ = -1;
};

}  // namespace conclab::grading
