#include "conclab/grading/grader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <iomanip>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "conclab/grading/cmake_driver.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/grade_build.hpp"
#include "conclab/grading/judge.hpp"
#include "conclab/grading/machine_share.hpp"
#include "conclab/grading/progress.hpp"
#include "conclab/grading/sandbox.hpp"
#include "conclab/grading/submission.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/tamper_scan.hpp"
#include "conclab/grading/test_run.hpp"
#include "conclab/grading/text.hpp"
#include "conclab/speedup.hpp"
#include "conclab/watchdog_verdict.hpp"

namespace conclab::grading {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Attempts at a speedup measurement the reference could not pass either (a busy machine).
constexpr int kSpeedupAttempts = 3;

/// The shortest time a hung kind's run under AddressSanitizer gets to say what came before
/// the hang (LabGrader::asan_timeout), in seconds.
constexpr double kDiagnosisMinimum = 10.0;

/// A wait for the machine shorter than this is not worth a line of the profile.
constexpr double kFeltWaitSeconds = 0.5;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string seconds_text(double seconds) {
  return format_fixed(seconds, 1) + " s";
}

/// A value of CMakeCache.txt, or nothing.
std::optional<std::string> cache_value(const fs::path& cache, const std::string& name) {
  std::ifstream in(cache);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(name + ":")) {
      return line.substr(line.find('=') + 1);
    }
  }
  return std::nullopt;
}

/// Everything one lab's grading needs to hand around.
class LabGrader {
 public:
  LabGrader(const RepoLayout& layout, const LabSubmission& submission, const GradeOptions& options)
      : layout_(layout),
        lab_(*submission.lab),
        submission_(submission),
        options_(options),
        slot_(layout, lab_, options.slot),
        slot_lock_(slot_.lock_file()),
        variant_(slot_.variant_for(submission)) {}

  GradedLab grade() {
    const auto start = Clock::now();
    GradedLab graded = header();
    if (build_everything(graded)) {
      grade_kinds(graded);
    }
    total_lab(graded);
    graded.seconds = seconds_since(start);
    graded.steps = std::move(steps_);
    log("lab " + lab_.id + ": " + format_fixed(graded.score, 1) + " / " +
        format_fixed(graded.max_score, 1) + " (" + seconds_text(graded.seconds) + ")");
    return graded;
  }

 private:
  GradedLab header() const {
    GradedLab graded;
    graded.id = lab_.id;
    graded.dir_name = lab_.dir_name;
    graded.title = lab_.title;
    for (const auto& [name, text] : submission_.files) {
      graded.files_found.push_back(name);
    }
    graded.files_missing = submission_.missing;
    for (const Suspicion& suspicion : scan_for_tampering(submission_.files)) {
      graded.flags.push_back(describe(suspicion));
    }
    return graded;
  }

  /// Thread-safe: the ThreadSanitizer lane logs too.
  void log(const std::string& line) const {
    if (options_.log) {
      const std::scoped_lock lock(mutex_);
      options_.log(line);
    }
  }

  /// Thread-safe: the ThreadSanitizer lane records its runs too.
  void record(GradeStep step) {
    const std::scoped_lock lock(mutex_);
    steps_.push_back(std::move(step));
  }

  /// Builds the submission (and the reference, if it is not yet) in both trees; false, with
  /// every kind graded as not built, when the submission does not compile.
  bool build_everything(GradedLab& graded) {
    log("lab " + lab_.id + ": build");
    const MachineShare share = wait_for_machine([] { return MachineShare::shared(); });
    if (variant_ != "solution") {
      for (const std::string_view preset : {kDefaultPreset, kTsanPreset, kAsanPreset}) {
        slot_.stage(submission_, preset);
      }
    }
    std::vector<std::string> targets = {tests_target(lab_.id, variant_),
                                        tests_target(lab_.id, "solution"), "conclab_chaos"};
    const SlotBuild build = slot_.build(kDefaultPreset, targets);
    record({"build", build.seconds});
    log("lab " + lab_.id + ": build " + (build.compiled ? "ok" : "failed") + " (" +
        seconds_text(build.seconds) + ")");
    if (!build.compiled) {
      fail_build(graded, build.error);
      return false;
    }
    if (lab_.has_kind("race")) {
      std::vector<std::string> tsan_targets = {"conclab_atomic_chaos"};
      for (const std::string& kind : swept_kinds()) {
        tsan_targets.push_back(kind_target(lab_.id, variant_, kind));
        tsan_targets.push_back(kind_target(lab_.id, "solution", kind));
      }
      tsan_build_ = sanitizer_build(kTsanPreset, "ThreadSanitizer", tsan_targets);
    }
    // The AddressSanitizer runs take their test lists from the plain tree's reference: only
    // the submission's own executables are built here.
    std::vector<std::string> asan_targets;
    for (const std::string& kind : swept_kinds()) {
      asan_targets.push_back(kind_target(lab_.id, variant_, kind));
    }
    asan_build_ = sanitizer_build(kAsanPreset, "AddressSanitizer", asan_targets);
    return true;
  }

  /// Builds `targets` in a sanitizer's tree, and records it as `sanitizer`'s build.
  SlotBuild sanitizer_build(std::string_view preset, const std::string& sanitizer,
                            const std::vector<std::string>& targets) {
    SlotBuild build = slot_.build(preset, targets);
    record({sanitizer + " build", build.seconds});
    log("lab " + lab_.id + ": " + sanitizer + " build " + (build.compiled ? "ok" : "failed") +
        " (" + seconds_text(build.seconds) + ")");
    return build;
  }

  void fail_build(GradedLab& graded, const std::vector<std::string>& error) const {
    graded.compile_error = error;
    std::vector<std::string> why = {"the code does not compile:"};
    why.insert(why.end(), error.begin(), error.end());
    for (const RubricEntry& entry : lab_.rubric) {
      std::vector<std::string> tests;
      const fs::path reference =
          layout_.test_executable(kDefaultPreset, lab_.dir_name, "solution", entry.kind);
      if (fs::exists(reference)) {
        tests = list_tests(reference);
      }
      graded.kinds.push_back(judge_unbuilt(entry.kind, entry.weight, tests, why));
    }
  }

  int chaos_runs(const std::string& kind) const {
    const auto found = lab_.chaos_runs.find(kind);
    return found == lab_.chaos_runs.end() ? 0 : found->second;
  }

  TestRunRequest request(const std::string& kind, std::string_view preset,
                         std::string_view variant) const {
    TestRunRequest request;
    request.kind = kind;
    request.executable = layout_.test_executable(preset, lab_.dir_name, variant, kind);
    request.build_dir = layout_.build_dir(preset);
    // The AddressSanitizer tree builds only what a crash diagnosis needs: the test list comes
    // from the plain tree's reference, built from the same test sources.
    request.reference = layout_.test_executable(preset == kAsanPreset ? kDefaultPreset : preset,
                                                lab_.dir_name, "solution", kind);
    request.sanitized = preset != kDefaultPreset;
    if (preset == kAsanPreset) {
      request.chaos_runs = 0;
    } else if (request.sanitized) {
      // ThreadSanitizer intercepts the pthread calls that chaos perturbs. In a lab whose answers
      // build on atomics, its race run is one seeded run with chaos at atomic loads and stores
      // instead (a load-then-store counter).
      request.chaos_runs = kind == "race" && lab_.atomic_chaos ? 1 : 0;
      request.chaos_library =
          layout_.build_dir(kTsanPreset) / "common" / "chaos" / "libconclab_atomic_chaos.so";
    } else {
      request.chaos_runs = chaos_runs(kind);
      request.chaos_library =
          layout_.build_dir(kDefaultPreset) / "common" / "chaos" / "libconclab_chaos.so";
    }
    request.scratch =
        options_.scratch / "runs" /
        (lab_.id + "-" + kind + "-" + std::string(preset) + "-" + std::string(variant));
    return request;
  }

  /// Runs one kind's tests of `variant` (the submission's slot or "solution") built in `preset`,
  /// and records the step as `what` (`beside`: it overlapped the plain runs).
  TestRun run(const std::string& kind, std::string_view preset, std::string_view variant,
              const std::string& what, bool beside = false,
              std::chrono::seconds timeout = TestRunRequest{}.timeout) {
    const auto start = Clock::now();
    TestRunRequest asked = request(kind, preset, variant);
    asked.timeout = timeout;
    TestRun done = run_graded_test(layout_, asked);
    const std::string chaos =
        asked.chaos_runs > 0 ? " (and " + std::to_string(asked.chaos_runs) + " chaos runs)" : "";
    record({what + chaos, seconds_since(start), beside});
    return done;
  }

  /// Takes the machine through `claim` (shared or alone), and records the wait when it was felt:
  /// the time other gradings held the machine.
  template <typename Claim>
  MachineShare wait_for_machine(Claim claim) {
    const auto start = Clock::now();
    MachineShare share = claim();
    if (const double waited = seconds_since(start); waited >= kFeltWaitSeconds) {
      record({"waiting for the machine", waited});
    }
    return share;
  }

  /// Grades the rubric's kinds. The plain runs (chaos included) go one kind after another.
  /// Each kind but speedup (timings under a sanitizer mean nothing) then runs again in a lane
  /// beside the next plain runs: under ThreadSanitizer when its plain run passed (the race
  /// tests, and the sweep of every other kind), and under AddressSanitizer when it passed (a
  /// use after free that happened to read what was still there) or crashed or hung (to say
  /// what it was). Test runs mostly wait, so the two lanes share two cores well, and the
  /// sanitizer runs no longer add their time to the grading's. Speedup comes last, with the
  /// machine alone, once every other run has ended.
  void grade_kinds(GradedLab& graded) {
    std::map<std::string, std::future<TestRun>> tsan_lane;
    std::map<std::string, std::future<TestRun>> asan_lane;
    for (const RubricEntry& entry : lab_.rubric) {
      if (entry.kind == "speedup") {
        continue;
      }
      log("lab " + lab_.id + ": " + entry.kind);
      {
        const MachineShare share = wait_for_machine([] { return MachineShare::shared(); });
        const auto start = Clock::now();
        plain_runs_.emplace(entry.kind,
                            run(entry.kind, kDefaultPreset, variant_, entry.kind + " tests"));
        plain_seconds_.emplace(entry.kind, seconds_since(start));
      }
      if (tsan_watches(entry.kind)) {
        tsan_lane.emplace(entry.kind, run_beside(entry.kind, kTsanPreset, "ThreadSanitizer"));
      }
      if (asan_watches(entry.kind)) {
        asan_lane.emplace(entry.kind, run_beside(entry.kind, kAsanPreset, "AddressSanitizer",
                                                 asan_timeout(entry.kind)));
      }
    }
    const auto drained = Clock::now();
    const std::map<std::string, TestRun> under_tsan = results_of(tsan_lane);
    const std::map<std::string, TestRun> under_asan = results_of(asan_lane);
    if (const double waited = seconds_since(drained); waited >= kFeltWaitSeconds) {
      record({"waiting for the runs under the sanitizers to end", waited});
    }
    for (const RubricEntry& entry : lab_.rubric) {
      if (entry.kind == "speedup") {
        log("lab " + lab_.id + ": speedup");
        graded.kinds.push_back(grade_speedup(entry.weight));
      } else {
        graded.kinds.push_back(judge_plain_kind(entry, under_tsan));
      }
    }
    add_sweep_checks(graded, under_tsan);
    add_asan_findings(graded, under_asan);
  }

  /// Waits for every run of a sanitizer's `lane` and returns them by kind.
  static std::map<std::string, TestRun> results_of(
      std::map<std::string, std::future<TestRun>>& lane) {
    std::map<std::string, TestRun> results;
    for (auto& [kind, run] : lane) {
      results.emplace(kind, run.get());
    }
    return results;
  }

  /// Whether the plain run of `kind` was stopped by a signal, or by the watchdog while its
  /// threads waited, and its report believed: a use after free is a likely cause (a freed
  /// block read, a notify sent to a freed condition variable), and AddressSanitizer can say.
  /// Threads still running at the end (an endless loop) would only run to the watchdog again,
  /// for minutes under the sanitizer, and it has nothing to say about a loop.
  bool stopped_plain(const std::string& kind) const {
    const auto plain = plain_runs_.find(kind);
    if (plain == plain_runs_.end() || !plain->second.distrust.empty()) {
      return false;
    }
    const KindResult& result = plain->second.result;
    const bool still_working = std::any_of(
        result.watchdog_lines.begin(), result.watchdog_lines.end(), [](const std::string& line) {
          return line.find(kWatchdogStillWorking) != std::string::npos;
        });
    return (result.end == RunEnd::crashed && result.signal) ||
           (result.end == RunEnd::watchdog && !still_working);
  }

  /// Whether `kind` runs again under AddressSanitizer: not speedup, and a plain run that
  /// passed (a sweep, which can cost a check) or was stopped (a diagnosis, which costs
  /// nothing more). A kind that failed its assertions has lost its points already.
  bool asan_watches(const std::string& kind) const {
    return asan_build_.compiled && kind != "speedup" && (passed_plain(kind) || stopped_plain(kind));
  }

  /// What AddressSanitizer found. In a kind that passed, a check (judge_sweep) that fails when
  /// it reported anything, or when the submission does not build with it: a check of the race
  /// kind, as ThreadSanitizer's are (a lifetime bug across threads is a concurrency bug, and one
  /// bug seen by both sanitizers costs one kind), or of the kind itself in a lab without race
  /// tests. In a kind that crashed or hung, what it said that was, in the stopped test's
  /// evidence.
  void add_asan_findings(GradedLab& graded, const std::map<std::string, TestRun>& under_asan) {
    const auto kind_named = [&](const std::string& name) {
      return std::find_if(graded.kinds.begin(), graded.kinds.end(),
                          [&](const GradedKind& kind) { return kind.kind == name; });
    };
    for (const std::string& swept : swept_kinds()) {
      const auto found = under_asan.find(swept);
      const auto kind = kind_named(swept);
      if (kind == graded.kinds.end()) {
        continue;
      }
      if (!passed_plain(swept)) {
        if (found != under_asan.end()) {
          const KindResult& plain = plain_runs_.at(swept).result;
          add_asan_diagnosis(*kind, found->second, plain.unfinished_test, plain.end);
        }
        continue;
      }
      const auto charged = lab_.has_kind("race") ? kind_named("race") : kind;
      if (found != under_asan.end()) {
        charged->tests.push_back(
            judge_sweep(SweepSanitizer::address, swept, found->second, charged->kind));
      } else if (!asan_build_.compiled) {
        charged->tests.push_back(asan_unbuilt(swept, charged->kind));
      }
      rescore_kind(*charged, charged->max_score);
    }
  }

  /// The failed check of `kind`'s AddressSanitizer sweep when the submission does not build
  /// with it: its tests could not be watched, and "not watched" is no pass.
  GradedTest asan_unbuilt(const std::string& kind, const std::string& charged_to) const {
    GradedTest unbuilt;
    unbuilt.name = sweep_name(SweepSanitizer::address, kind);
    unbuilt.kind = charged_to;
    unbuilt.status = GradedStatus::failed;
    unbuilt.evidence.push_back(
        "it does not build with AddressSanitizer: " +
        (asan_build_.error.empty() ? std::string() : asan_build_.error.front()));
    return unbuilt;
  }

  /// Whether `kind` runs again under ThreadSanitizer: a lab with race tests, a sanitizer build
  /// that compiled, not speedup (timings under a sanitizer mean nothing), and a plain run that
  /// passed cleanly. A kind that failed has lost its points already, and a memory hog would
  /// meet no address-space limit under the sanitizer.
  bool tsan_watches(const std::string& kind) const {
    return lab_.has_kind("race") && tsan_build_.compiled && kind != "speedup" && passed_plain(kind);
  }

  /// Starts `kind`'s run under a sanitizer (`preset`, named `sanitizer`) beside the plain runs,
  /// ended after `timeout`. The lane runs one at a time: each sanitizer run keeps a core busy.
  std::future<TestRun> run_beside(const std::string& kind, std::string_view preset,
                                  const std::string& sanitizer,
                                  std::chrono::seconds timeout = TestRunRequest{}.timeout) {
    return std::async(std::launch::async, [this, kind, preset, sanitizer, timeout] {
      const std::scoped_lock one_at_a_time(lane_mutex_);
      log("lab " + lab_.id + ": " + kind + " under " + sanitizer);
      const MachineShare share = MachineShare::shared();
      return run(kind, preset, variant_, kind + " tests under " + sanitizer, true, timeout);
    });
  }

  /// How long `kind`'s run under AddressSanitizer may take. A sweep of a kind that passed gets
  /// the usual limit. A diagnosis of a hang gets three times the plain run (at least 10 s): a
  /// use after free that caused the hang comes before it, and the sanitizer stops there; a
  /// hang it has nothing to say about would otherwise run to the watchdog's deadline, tripled
  /// under a sanitizer, whose background thread also keeps it from seeing a hang for good.
  std::chrono::seconds asan_timeout(const std::string& kind) const {
    if (plain_runs_.at(kind).result.end != RunEnd::watchdog) {
      return TestRunRequest{}.timeout;
    }
    const double plain = plain_seconds_.at(kind);
    return std::chrono::seconds(static_cast<long>(std::max(kDiagnosisMinimum, 3 * plain)));
  }

  /// A kind from its plain run; the race kind with its run under ThreadSanitizer too, when its
  /// plain run passed (or a note that the sanitizer build failed).
  GradedKind judge_plain_kind(const RubricEntry& entry,
                              const std::map<std::string, TestRun>& under_tsan) const {
    std::vector<TestRun> runs = {plain_runs_.at(entry.kind)};
    if (entry.kind == "race" && passed_plain("race")) {
      if (const auto found = under_tsan.find("race"); found != under_tsan.end()) {
        runs.push_back(found->second);
      } else if (!tsan_build_.compiled) {
        TestRun unbuilt = runs.front();
        unbuilt.distrust = "it does not build with ThreadSanitizer: " +
                           (tsan_build_.error.empty() ? std::string() : tsan_build_.error.front());
        runs.push_back(std::move(unbuilt));
      }
    }
    return judge_kind(entry.kind, entry.weight, runs, lab_);
  }

  /// The kinds the sanitizers watch: every kind but speedup (timings under a sanitizer mean
  /// nothing).
  std::vector<std::string> swept_kinds() const {
    std::vector<std::string> kinds;
    for (const RubricEntry& entry : lab_.rubric) {
      if (entry.kind != "speedup") {
        kinds.push_back(entry.kind);
      }
    }
    return kinds;
  }

  /// Whether the plain run of `kind` completed, every test passed, and its report was believed.
  bool passed_plain(const std::string& kind) const {
    const auto plain = plain_runs_.find(kind);
    return plain != plain_runs_.end() && plain->second.result.end == RunEnd::completed &&
           plain->second.result.failing() == 0 && plain->second.distrust.empty();
  }

  /// ThreadSanitizer over the lab's other kinds of test (correctness, deadlock): a data race
  /// seen while one of them ran is a race too, and costs one check of the race kind
  /// (judge_sweep). A kind that was not run again (tsan_watches) gets no check: an
  /// ungraded check would make the grade provisional, as if the machine had failed to measure
  /// it, and grade-class would grade it again.
  static void add_sweep_checks(GradedLab& graded,
                               const std::map<std::string, TestRun>& under_tsan) {
    const auto race = std::find_if(graded.kinds.begin(), graded.kinds.end(),
                                   [](const GradedKind& kind) { return kind.kind == "race"; });
    if (race == graded.kinds.end()) {
      return;
    }
    for (const auto& [kind, sweep] : under_tsan) {
      if (kind != "race") {
        race->tests.push_back(judge_sweep(SweepSanitizer::thread, kind, sweep, "race"));
      }
    }
    rescore_kind(*race, race->max_score);
  }

  /// Speedup runs with the machine alone (no other grading builds or tests meanwhile), unless
  /// the lab's speedup only checks that waits overlap (Lab::speedup_overlaps_waits): the
  /// submission's measurement and then, when a check failed, the reference's. A check that falls
  /// short is measured again, up to kSpeedupAttempts times, and passes if it passed once; one the
  /// reference could not pass either in the last attempt is left ungraded: the machine, not the
  /// student, failed.
  GradedKind grade_speedup(double weight) {
    const MachineShare claim = wait_for_machine([this] {
      return lab_.speedup_overlaps_waits ? MachineShare::shared() : MachineShare::alone();
    });
    GradedKind graded;
    for (int attempt = 1; attempt <= kSpeedupAttempts; ++attempt) {
      const std::string which = " (attempt " + std::to_string(attempt) + ")";
      const TestRun student = run("speedup", kDefaultPreset, variant_, "speedup tests" + which);
      GradedKind measured = judge_kind("speedup", weight, {student}, lab_);
      graded = attempt == 1 ? std::move(measured) : keep_passes(std::move(graded), measured);
      if (!any_failed(graded)) {
        break;  // the reference's measurement only ever excuses or explains a failure
      }
      const TestRun reference =
          run("speedup", kDefaultPreset, "solution", "speedup tests of the reference" + which);
      const GradedKind reference_graded = judge_kind("speedup", weight, {reference}, lab_);
      if (!excuse_by_reference(graded, reference_graded, attempt == kSpeedupAttempts)) {
        break;
      }
      log("lab " + lab_.id + ": speedup: a check fell short; measuring again");
    }
    return graded;
  }

  static bool any_failed(const GradedKind& kind) {
    return std::any_of(kind.tests.begin(), kind.tests.end(),
                       [](const GradedTest& test) { return test.status == GradedStatus::failed; });
  }

  /// Whether the test failed because the speedup it measured fell short, not before measuring
  /// (an exception, a wrong result, a crash): only such a failure can be the machine's fault.
  static bool fell_short(const GradedTest& test) {
    return std::any_of(test.evidence.begin(), test.evidence.end(), [](const std::string& line) {
      return line.find(kSpeedupShortfall) != std::string::npos;
    });
  }

  /// The test of `kind` named `name`, or null.
  static const GradedTest* find_test(const GradedKind& kind, const std::string& name) {
    const auto found = std::find_if(kind.tests.begin(), kind.tests.end(),
                                    [&](const GradedTest& test) { return test.name == name; });
    return found == kind.tests.end() ? nullptr : &*found;
  }

  /// `earlier` with every test that passed in `later` passed: a speedup shown once was shown (a
  /// moment of a busy machine can hide it, never fake it). Scored again.
  static GradedKind keep_passes(GradedKind earlier, const GradedKind& later) {
    for (GradedTest& test : earlier.tests) {
      const GradedTest* same = find_test(later, test.name);
      if (same != nullptr && test.status != GradedStatus::passed) {
        test = *same;
      }
    }
    rescore_kind(earlier, earlier.max_score);
    return earlier;
  }

  /// Looks at the tests the student failed by a speedup that fell short. Returns true when
  /// another attempt should be made: one fell short, whatever the reference did (a moment of
  /// noise can slow one measurement and spare the next). On the last attempt, a shortfall
  /// where the reference passed in the same attempt is counted; where the reference did not
  /// pass either, the test becomes ungraded. A test that failed before measuring is never
  /// excused.
  static bool excuse_by_reference(GradedKind& graded, const GradedKind& reference, bool last) {
    bool again = false;
    for (GradedTest& test : graded.tests) {
      const GradedTest* same = find_test(reference, test.name);
      const bool reference_passed = same != nullptr && same->status == GradedStatus::passed;
      if (test.status == GradedStatus::failed && reference_passed && fell_short(test)) {
        again = true;
        if (last) {
          test.evidence.emplace_back(
              "the reference solution passed this check in the same run, "
              "and it fell short in " +
              std::to_string(kSpeedupAttempts) + " attempts");
        }
      } else if (test.status == GradedStatus::failed && reference_passed) {
        test.evidence.emplace_back("the reference solution passed this check in the same run");
      } else if (test.status == GradedStatus::failed && !fell_short(test)) {
        test.evidence.emplace_back(
            "counted: it failed before any speedup was measured, whatever the machine");
      } else if (test.status == GradedStatus::failed) {
        again = true;
        if (last) {
          test.status = GradedStatus::ungraded;
          test.evidence.emplace_back(
              "not counted: the reference solution could not show its speedup on this machine "
              "either, in " +
              std::to_string(kSpeedupAttempts) + " attempts");
        }
      }
    }
    if (last && again) {
      rescore_kind(graded, graded.max_score);
    }
    return again && !last;
  }

  const RepoLayout& layout_;
  const Lab& lab_;
  const LabSubmission& submission_;
  const GradeOptions& options_;
  GradeSlot slot_;
  MachineLock slot_lock_;  // held while this grading uses the slot
  std::string variant_;    // whose tests run (GradeSlot::variant_for)
  SlotBuild tsan_build_;
  SlotBuild asan_build_;
  std::map<std::string, TestRun> plain_runs_;    // each kind's run without sanitizer
  std::map<std::string, double> plain_seconds_;  // and how long it took
  mutable std::mutex mutex_;                     // guards steps_ and the log
  std::mutex lane_mutex_;                        // held by the running sanitizer run
  std::vector<GradeStep> steps_;
};

}  // namespace

namespace {

/// Throws a UserError when the sandbox's user cannot reach `folder`: every test would then fail
/// to start, and a correct submission would score 0 with no word of why.
void check_reachable_by_sandbox(const fs::path& folder) {
  const auto user = unprivileged_user();
  if (!user) {
    return;
  }
  if (const auto closed = first_closed_folder(folder, *user)) {
    struct stat status {};
    ::stat(closed->c_str(), &status);
    std::ostringstream mode;
    mode << std::oct << std::setw(4) << std::setfill('0') << (status.st_mode & 07777U);
    throw UserError(
        "the grader runs tests as unprivileged users (nobody's group, ids of their "
        "own), who cannot enter " +
        closed->string() + " (mode " + mode.str() + "): " + folder.string() +
        " lies below it. Let others through (chmod o+x " + closed->string() +
        ") or put the conclab checkout in a folder they can enter.");
  }
}

}  // namespace

void prepare_grade_trees(const RepoLayout& layout, int slots,
                         const std::function<void(const std::string&)>& log) {
  for (const std::string_view preset : {kDefaultPreset, kTsanPreset, kAsanPreset}) {
    const fs::path tree = layout.build_dir(preset);
    fs::create_directories(tree);
    check_reachable_by_sandbox(tree);
    const MachineLock lock(tree / ".conclab-build.lock");
    const fs::path cache = tree / "CMakeCache.txt";
    const auto configured_slots = cache_value(cache, "CONCLAB_GRADE_SLOTS");
    const auto labs = cache_value(cache, "CONCLAB_LABS");
    if (configured_slots && std::stoi(*configured_slots) >= slots && labs && labs->empty()) {
      continue;
    }
    if (log) {
      log("configuring build/" + std::string(preset) + " for grading (" + std::to_string(slots) +
          " slots)");
    }
    RunOptions options;
    options.argv = {
        "cmake", "--preset", std::string(preset),
        "-DCONCLAB_GRADE_SLOTS=" +
            std::to_string(std::max(slots, configured_slots ? std::stoi(*configured_slots) : 0)),
        "-DCONCLAB_LABS="};
    options.working_dir = layout.root();
    const RunResult result = run_tool(options);
    if (!result.succeeded()) {
      throw std::runtime_error("cannot configure build/" + std::string(preset) + ":\n" +
                               join_lines(last_lines(result.output, 20)));
    }
  }
}

Grade grade_submission(const RepoLayout& layout, const LabCatalog& catalog, const fs::path& input,
                       const GradeOptions& options) {
  const auto start = Clock::now();
  fs::remove_all(options.scratch);
  fs::create_directories(options.scratch);
  const Submission submission = fetch_submission(input, catalog, options.labs, options.scratch);
  Grade grade;
  grade.submission = submission.name;
  grade.content_hash = submission.content_hash;
  grade.problems = submission.problems;
  for (const LabSubmission& lab : submission.labs) {
    for (const std::string& note : lab.notes) {
      grade.problems.push_back("lab " + lab.lab->id + ": " + note);
    }
    grade.labs.push_back(LabGrader(layout, lab, options).grade());
  }
  total_grade(grade);
  grade.graded_at = iso8601_now();
  grade.seconds = seconds_since(start);
  return grade;
}

}  // namespace conclab::grading
