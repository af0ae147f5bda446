/// @file grade_profile.hpp
/// @brief `conclab grade --profile`: where a grading's seconds went, step by step (builds,
/// each kind's test runs, speedup measurements, waits for the machine), so that the cost of a
/// grading can be seen and cut without guessing.
#pragma once

#include <map>
#include <string>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The steps of every lab of `grade` as a table: one line per step with its seconds and its
/// share of the lab's time, then what no step accounts for (staging, judging, reports).
[[nodiscard]] std::string profile_text(const Grade& grade);

/// The steps of many gradings summed by what they did, for a batch (`grade-corpus`): where
/// its grading-seconds went, so that a change to the grader or a lab shows in the batch's
/// figures. Steps that differ only in an attempt or a count ("speedup tests (attempt 2)",
/// "deadlock tests (and 10 chaos runs)") add up as one.
class StepTotals {
 public:
  /// Adds every step of `lab`, and its wall time.
  void add(const GradedLab& lab);

  /// One line per kind of step, the largest first, with seconds and share of the gradings'
  /// summed wall time; the steps that ran beside others come last, marked "beside:".
  [[nodiscard]] std::string text() const;

 private:
  std::map<std::string, double> seconds_;  // by step, steps beside others included
  std::map<std::string, bool> beside_;     // whether the step ran beside others
  double gradings_seconds_ = 0.0;          // the gradings' wall times, summed
};

}  // namespace conclab::grading
