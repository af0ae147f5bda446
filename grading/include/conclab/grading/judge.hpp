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

/// The sanitizer that watched a sweep: a kind's tests run again built with it.
enum class SweepSanitizer {
  /// ThreadSanitizer: a data race.
  thread,
  /// AddressSanitizer with UndefinedBehaviorSanitizer: a use after free (a callback that
  /// outlived what it captured, a reference kept past a pop), a bad address, undefined behaviour.
  address,
};

/// The name of a sweep's check: "ThreadSanitizer.CorrectnessTests" or
/// "AddressSanitizer.CorrectnessTests" for "correctness".
[[nodiscard]] std::string sweep_name(SweepSanitizer sanitizer, const std::string& kind);

/// One check of the kind `charged_to`: `sanitizer` watched the `kind` tests (`sweep`, a run of
/// them built with it). What it reported there fails the check, with the test it was seen in
/// and its stacks (the racing accesses; the bad access, the free and the allocation). A race
/// does not have to happen in a race test to be one, nor a use after free in a test that
/// crashes. Other failures of the run (an assertion, a hang: a sanitizer slows every thread)
/// are left to the kind's own grading; a report that cannot be believed fails the check.
[[nodiscard]] GradedTest judge_sweep(SweepSanitizer sanitizer, const std::string& kind,
                                     const TestRun& sweep, const std::string& charged_to);

/// Adds what AddressSanitizer and UndefinedBehaviorSanitizer said when a kind whose plain run
/// crashed or hung (`how`) ran again built with them (`named`): each report (a use after free
/// with where the memory was freed and allocated, a bad address with the line that touched it)
/// goes to the test it was printed in, or else to `stopped_test`, the test the plain run
/// stopped in. Scores do not change: the crash or hang has cost its points already; this says
/// what it was.
void add_asan_diagnosis(GradedKind& kind, const TestRun& named, const std::string& stopped_test,
                        RunEnd how);

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
