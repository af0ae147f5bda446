/// @file grade.hpp
/// @brief What grading one submission came to: per lab, per kind of test, per test, with the
/// evidence behind every lost point. Every report format (text, JSON, JUnit, HTML, Gradescope)
/// and the class gradebook are written from these types alone.
#pragma once

#include <string>
#include <vector>

namespace conclab::grading {

/// How one graded test ended.
enum class GradedStatus {
  passed,    ///< It ran and passed: full points.
  failed,    ///< It ran and failed (an assertion, a race report, a watchdog, a crash).
  not_run,   ///< It never ran: the code did not compile, or an earlier test ended the run.
  ungraded,  ///< It could not be measured here (speedup on one core): counts for nobody.
};

/// One test of a lab, as graded.
struct GradedTest {
  /// "Suite.Name", or a pseudo-test such as "(build)" for a stage that failed as a whole.
  std::string name;
  /// The kind it belongs to: "correctness", "race", "deadlock" or "speedup".
  std::string kind;
  /// How it ended.
  GradedStatus status = GradedStatus::passed;
  /// Points earned.
  double score = 0.0;
  /// The most it could earn.
  double max_score = 0.0;
  /// Why points were lost, for a person: the failing assertion, the two racing accesses, the
  /// watchdog's report, the chaos seed that replays it, the speedup figures. Plain text lines.
  std::vector<std::string> evidence;
  /// A guard: a test the untouched stubs already pass (lab.json's "guards"). It earns nothing
  /// when it passes, and costs as much as a task test when it fails (score < 0, max_score 0).
  bool guard = false;
};

/// One kind of test of a lab, as graded.
struct GradedKind {
  /// "correctness", "race", "deadlock" or "speedup".
  std::string kind;
  /// Points earned.
  double score = 0.0;
  /// The kind's rubric weight.
  double max_score = 0.0;
  /// The kind could not be measured on this machine (every test ungraded): its points were
  /// given, and reports say "not measured".
  bool ungraded = false;
  /// The kind's tests, in the order they ran.
  std::vector<GradedTest> tests;

  /// Some of the kind could not be measured on this machine: the whole kind (`ungraded`, its
  /// points given) or one of its tests (status ungraded, its share given to the others). A
  /// grade with such a kind is provisional: a quiet machine may grade it differently.
  [[nodiscard]] bool unmeasured() const;
};

/// One step of grading a lab and its wall time (`conclab grade --profile`): a build, one kind's
/// test runs, a speedup measurement, a wait for the machine.
struct GradeStep {
  /// What was done: "build", "race tests under ThreadSanitizer", "speedup: the reference's
  /// measurement (attempt 1)"...
  std::string what;
  /// Its wall time.
  double seconds = 0.0;
  /// It ran beside the steps before it (a ThreadSanitizer run while the next kind's plain run
  /// went on), so its seconds are not part of the lab's sum.
  bool beside = false;
};

/// One lab of a submission, as graded.
struct GradedLab {
  /// "01".
  std::string id;
  /// "01-threads-and-locks".
  std::string dir_name;
  /// "Threads and locks".
  std::string title;
  /// Points earned.
  double score = 0.0;
  /// The most that could be earned: the sum of the rubric's weights.
  double max_score = 0.0;
  /// The student files that were graded.
  std::vector<std::string> files_found;
  /// The student files the submission lacked (the untouched stub stood in for each).
  std::vector<std::string> files_missing;
  /// Empty when the code compiled; otherwise the first compiler error, a few lines.
  std::vector<std::string> compile_error;
  /// The kinds, in the rubric's order.
  std::vector<GradedKind> kinds;
  /// Seconds spent grading this lab.
  double seconds = 0.0;
  /// Where those seconds went, step by step, in the order the steps ran.
  std::vector<GradeStep> steps;
  /// Lines of the student files that reach for the test harness (tamper_scan.hpp), described
  /// for the instructor: "counters.cpp:12: reads the harness's command line: `...`". The score
  /// stands as the tests gave it, but the grade is flagged for review.
  std::vector<std::string> flags;

  /// Some kind of the lab could not be measured (GradedKind::unmeasured): its score is
  /// provisional until the lab is graded again on a quiet machine.
  [[nodiscard]] bool provisional() const;
};

/// A whole submission, as graded.
struct Grade {
  /// Who or what was graded: the submission's name (its folder or archive, without extension).
  std::string submission;
  /// SHA-256 of the student files taken from the submission (resuming a batch compares it).
  std::string content_hash;
  /// When grading finished, ISO 8601 UTC.
  std::string graded_at;
  /// Points earned over the labs.
  double score = 0.0;
  /// The most that could be earned over the labs.
  double max_score = 0.0;
  /// The labs, in order.
  std::vector<GradedLab> labs;
  /// Problems with the submission as a whole (no student file of any lab found, an archive
  /// that would not unpack), for a person.
  std::vector<std::string> problems;
  /// Seconds spent in all.
  double seconds = 0.0;

  /// Some lab is provisional (GradedLab::provisional): every report format says so. Derived
  /// from the kinds, so grades stored before it existed read back the same.
  [[nodiscard]] bool provisional() const;
  /// Some lab has flags (GradedLab::flags): lines for the instructor to read before signing.
  [[nodiscard]] bool flagged() const;
};

/// "passed", "failed", "not run", "ungraded".
[[nodiscard]] std::string to_string(GradedStatus status);

}  // namespace conclab::grading
