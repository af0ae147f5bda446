/// @file judge.hpp
/// @brief The judge stage: turning test runs into points, by the lab's rubric, with the
/// evidence behind every lost point.
#pragma once

#include <string>
#include <vector>

#include "conclab/grading/grade.hpp"
#include "conclab/grading/lab_catalog.hpp"
#include "conclab/grading/test_run.hpp"

namespace conclab::grading {

/// The points of one kind worth `weight`, from every run of its tests (e.g. a chaos run and a
/// ThreadSanitizer run of the race tests): a test earns its share only when it passed in each
/// run, and a run whose report cannot be believed earns nothing. Tests skipped everywhere
/// (a speedup check on one core) are ungraded: the kind's weight is shared by the others, and
/// a kind with no graded test is ungraded as a whole (see rescore_kind). The lab's guards are
/// marked as such.
[[nodiscard]] GradedKind judge_kind(const std::string& kind, double weight,
                                    const std::vector<TestRun>& runs, const Lab& lab);

/// The name, among the race kind's checks, of ThreadSanitizer's sweep over the `kind` tests:
/// "ThreadSanitizer.CorrectnessTests" for "correctness".
[[nodiscard]] std::string tsan_sweep_name(const std::string& kind);

/// One check of the race kind: ThreadSanitizer watched the `kind` tests (`sweep`, a run of them
/// built with it), and a data race it saw there fails the check, with the test it was seen in
/// and the racing accesses. A race does not have to happen in a race test to be one. Other
/// failures of the run (an assertion, a hang) are left to the kind's own grading.
[[nodiscard]] GradedTest judge_tsan_sweep(const std::string& kind, const TestRun& sweep);

/// Adds what AddressSanitizer said when a crashed kind's tests ran again built with it
/// (`named`): each report (a use after free with where the memory was freed and allocated, a
/// bad address with the line that touched it) goes to the test it was printed in, or else to
/// `crashed_test`, the test the plain run crashed in. Scores do not change: the crash has cost
/// its points already; this says what it was.
void add_crash_diagnosis(GradedKind& kind, const TestRun& named, const std::string& crashed_test);

/// A kind whose tests never ran because the code did not build: no points, `why` as evidence.
[[nodiscard]] GradedKind judge_unbuilt(const std::string& kind, double weight,
                                       const std::vector<std::string>& tests,
                                       const std::vector<std::string>& why);

/// Shares `weight` among the kind's task tests that are not ungraded and adds up its score.
/// Guards earn nothing; a failed guard costs one task test's share (the kind never goes below
/// zero). A kind with no graded test is ungraded, and its points are given: the machine could
/// not measure it.
void rescore_kind(GradedKind& kind, double weight);

/// Adds up a lab's kinds into its score and max_score.
void total_lab(GradedLab& lab);

/// Adds up a grade's labs into its score and max_score.
void total_grade(Grade& grade);

}  // namespace conclab::grading
