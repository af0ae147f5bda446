// conclab selftest [--quick] [--lab NN]: the project's own whole suite, for maintainers and CI,
// with a table of where its time went at the end.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli.hpp"
#include "conclab/grading/cmake_driver.hpp"
#include "conclab/grading/ctest_summary.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"
#include "conclab/grading/time_table.hpp"
#include "grade_files.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;
using grading::RunResult;
using Clock = std::chrono::steady_clock;

/// The lab whose whole corpus (hostile submissions included) the full self-test grades; every
/// other lab's reference, correct alternatives and grader-only variants are graded once, its
/// other broken variants being proven per kind by CTest.
constexpr std::string_view kWholeCorpusLab = "01";
/// How often each correct submission of kWholeCorpusLab is graded beside a neighbour grading:
/// the short version, in every CI run, of the 10-of-10 proof a maintainer runs by hand after
/// changing a lab's tests (grade-corpus --repeat 10 --neighbour).
constexpr std::string_view kWholeCorpusRepeats = "3";
/// CTest's slots for a run not made through a test preset (CMakePresets.json's say the same):
/// the kinds that mostly wait run four at a time, a race test takes two slots, a speedup test
/// the machine.
constexpr int kTestSlots = 4;

struct SelftestOptions {
  bool quick = false;
  std::vector<std::string> labs;  // empty: every lab
};

/// What one preset's part of the self-test came to.
struct PresetOutcome {
  std::string preset;
  std::size_t tests = 0;
  std::size_t failed = 0;
  std::vector<std::string> problems;  // steps that failed: each counts as one failed test
};

/// What configuring and building a preset in the background came to.
struct BackgroundBuild {
  RunResult result;
  std::string step;             // "configure" or "build": the last step run
  double seconds = 0;           // the whole of it, wall time
  std::size_t old_entries = 0;  // the ninja log's lines before the build
};

/// True when CMakePresets.json defines a test preset called `preset`.
bool has_test_preset(const Session& session, const std::string& preset) {
  std::ifstream in(session.layout.root() / "CMakePresets.json");
  const auto presets = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!presets.is_object() || !presets.contains("testPresets") ||
      !presets["testPresets"].is_array()) {
    return false;
  }
  const auto& test_presets = presets["testPresets"];
  return std::any_of(test_presets.begin(), test_presets.end(), [&](const nlohmann::json& entry) {
    const auto name = entry.find("name");
    const auto hidden = entry.find("hidden");
    return name != entry.end() && *name == preset && (hidden == entry.end() || *hidden != true);
  });
}

void announce(const std::string& step) {
  std::cout << '\n' << Style::bold("==> " + step) << std::endl;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

bool step_ok(const RunResult& result, PresetOutcome& outcome, const std::string& step) {
  if (result.succeeded()) {
    return true;
  }
  outcome.problems.push_back(step + " failed (" + grading::describe_exit(result) + ")");
  return false;
}

/// One run of the self-test: its steps, their outcomes and the time each took.
class Selftest {
 public:
  Selftest(const Session& session, SelftestOptions options)
      : session_(session),
        options_(std::move(options)),
        labs_(resolve_labs(session, options_.labs)) {
    if (labs_.empty()) {
      for (const grading::Lab& lab : session.catalog.labs()) {
        labs_.push_back(&lab);
      }
    }
  }

  int run() {
    add_bootstrap_time();
    if (options_.quick) {
      outcomes_.push_back(test_default_preset(nullptr));
    } else {
      // The tsan tree builds beside the default tests, taking only the CPU they leave idle.
      std::future<BackgroundBuild> tsan_build;
      outcomes_.push_back(test_default_preset(&tsan_build));
      if (!grading::interrupt_requested()) {
        outcomes_.push_back(test_tsan_preset(tsan_build));
      }
    }
    if (grading::interrupt_requested()) {
      std::cout << "\ninterrupted\n";
      return kExitInterrupted;
    }
    if (options_.labs.empty()) {
      build_docs(outcomes_.front());
    }
    if (!options_.quick || !options_.labs.empty()) {
      outcomes_.push_back(test_grader());
    }
    return print_summary();
  }

 private:
  /// `./conclab` notes when it started, before its bootstrap (packages, configure, the tool).
  void add_bootstrap_time() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read before the self-test starts any thread
    const char* started = std::getenv("CONCLAB_STARTED_AT");
    if (started == nullptr) {
      return;
    }
    const double since_epoch =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    const double seconds = since_epoch - std::strtod(started, nullptr);
    if (seconds > 0 && seconds < 24 * 3600) {
      table_.add_stage("bootstrap", seconds);
    }
  }

  /// How every step runs `argv`: from the project's root, output captured.
  [[nodiscard]] grading::RunOptions at_root(std::vector<std::string> argv) const {
    grading::RunOptions options;
    options.argv = std::move(argv);
    options.working_dir = session_.layout.root();
    return options;
  }

  [[nodiscard]] RunResult streamed(std::vector<std::string> argv) const {
    grading::RunOptions options = at_root(std::move(argv));
    options.stream_output = true;
    return grading::run_tool(options);
  }

  /// Runs `step` as the stage `name`, recording its wall time.
  template <typename Step>
  auto timed(const std::string& name, Step step) {
    const auto start = Clock::now();
    auto result = step();
    table_.add_stage(name, seconds_since(start));
    return result;
  }

  /// Which of a preset's tests a ctest run takes (never the student's own, label "student").
  enum class TestSelection { all, may_share_the_machine, need_the_machine_alone };

  /// Runs `preset`'s tests of `selection` (and of the --lab labs, if any).
  [[nodiscard]] RunResult run_ctest(const std::string& preset, TestSelection selection) const {
    std::vector<std::string> argv = {"ctest"};
    if (selection == TestSelection::all && has_test_preset(session_, preset)) {
      argv.insert(argv.end(), {"--preset", preset});
    } else {
      // A test preset's label filter cannot be narrowed from the command line (ctest 3.25
      // ignores or replaces it), so a part of the tests is selected here in full.
      const std::string excluded =
          selection == TestSelection::may_share_the_machine ? "^(student|alone)$" : "^student$";
      argv.insert(argv.end(), {"--test-dir", session_.layout.build_dir(preset).string(), "-LE",
                               excluded, "--output-on-failure", "-j", std::to_string(kTestSlots)});
      if (const std::string graded = tests_the_grader_runs_again(preset); !graded.empty()) {
        argv.insert(argv.end(), {"-E", graded});
      }
    }
    // Labels given with -L must all match; within one regular expression they are OR-ed.
    if (selection == TestSelection::need_the_machine_alone) {
      // A --lab selection may have none (a lab without speedup tests).
      argv.insert(argv.end(), {"-L", "^alone$", "--no-tests=ignore"});
    }
    if (!options_.labs.empty()) {
      std::string labels;
      for (const grading::Lab* lab : labs_) {
        labels += (labels.empty() ? "^lab" : "$|^lab") + lab->id;
      }
      argv.insert(argv.end(), {"-L", labels + "$"});
    }
    announce(grading::join(argv, " "));
    return streamed(argv);
  }

  /// What to build: everything, or the --lab labs' own targets.
  [[nodiscard]] std::vector<std::string> build_command(const std::string& preset) const {
    std::vector<std::string> argv = {"cmake", "--build", "--preset",
                                     preset,  "-j",      std::to_string(grading::kBuildJobs)};
    if (!options_.labs.empty()) {
      argv.emplace_back("--target");
      for (const grading::Lab* lab : labs_) {
        argv.push_back("lab" + lab->id + "_all");
      }
    }
    return argv;
  }

  /// Configures `preset` if it is not, then builds it, streaming both: the stages
  /// "PRESET: configure" and "PRESET: build". False when a step failed.
  bool configure_and_build(const std::string& preset, PresetOutcome& outcome) {
    if (!session_.layout.is_configured(preset)) {
      announce("cmake --preset " + preset);
      const RunResult configured = timed(preset + ": configure", [&] {
        return grading::configure_preset(session_.layout, preset, true);
      });
      if (!step_ok(configured, outcome, "configure")) {
        return false;
      }
    }
    const std::size_t old_entries = grading::line_count(ninja_log(preset));
    announce(grading::join(build_command(preset), " "));
    const bool built =
        step_ok(timed(preset + ": build", [&] { return streamed(build_command(preset)); }), outcome,
                "build");
    table_.add_labs("build " + preset,
                    grading::ninja_seconds_by_lab(ninja_log(preset), old_entries));
    return built;
  }

  [[nodiscard]] fs::path ninja_log(const std::string& preset) const {
    return session_.layout.build_dir(preset) / ".ninja_log";
  }

  /// Runs `preset`'s tests of `selection` as the stage `stage`, counting them in `outcome`.
  void run_tests(const std::string& preset, const std::string& stage, TestSelection selection,
                 PresetOutcome& outcome) {
    const RunResult tests = timed(stage, [&] { return run_ctest(preset, selection); });
    table_.add_labs("tests " + preset, grading::ctest_seconds_by_lab(tests.output));
    count_tests(tests, outcome, selection == TestSelection::need_the_machine_alone);
    prove_skipped_again(preset, grading::skipped_proofs(tests.output), outcome);
  }

  /// A broken variant's check that skipped itself (speedup on a machine too busy to measure)
  /// proved nothing: each runs once more, alone, and a second skip is a problem, not a pass.
  void prove_skipped_again(const std::string& preset, const std::vector<std::string>& skipped,
                           PresetOutcome& outcome) {
    if (skipped.empty()) {
      return;
    }
    std::string names;
    for (const std::string& name : skipped) {
      names += (names.empty() ? "^(" : "|") + name;  // a "." matches itself too
    }
    const std::vector<std::string> argv = {
        "ctest", "--test-dir", session_.layout.build_dir(preset).string(), "--output-on-failure",
        "-R",    names + ")$"};
    announce(grading::join(argv, " ") + "  (each skipped itself: no proof yet)");
    const RunResult again =
        timed(preset + ": skipped proofs, again", [&] { return streamed(argv); });
    const std::vector<std::string> still = grading::skipped_proofs(again.output);
    for (const std::string& name : still) {
      outcome.problems.push_back(name +
                                 " proved nothing: it skipped itself twice (the machine "
                                 "was too busy to measure)");
    }
    if (!again.succeeded()) {
      outcome.problems.push_back("a skipped proof run again failed (" +
                                 grading::describe_exit(again) + ")");
    }
  }

  /// Builds and tests the default preset. With `tsan_build`, the tsan preset's configure and
  /// build start in the background as soon as the default build is done, and the default tests
  /// run in two parts: first those that may share the machine, beside that build, then, once it
  /// has ended, those that need the machine alone (label "alone": speedup, the chaos proofs).
  PresetOutcome test_default_preset(std::future<BackgroundBuild>* tsan_build) {
    const std::string preset(grading::kDefaultPreset);
    PresetOutcome outcome{preset, 0, 0, {}};
    if (!configure_and_build(preset, outcome) && !session_.layout.is_configured(preset)) {
      return outcome;
    }
    if (grading::interrupt_requested()) {
      return outcome;
    }
    if (tsan_build == nullptr) {
      run_tests(preset, preset + ": tests", TestSelection::all, outcome);
      return outcome;
    }
    *tsan_build = std::async(std::launch::async, [this] { return build_in_background(); });
    run_tests(preset, preset + ": tests beside the tsan build",
              TestSelection::may_share_the_machine, outcome);
    timed(std::string(grading::kTsanPreset) + ": build, the rest", [&] {
      tsan_build->wait();
      return true;
    });
    if (!grading::interrupt_requested()) {
      run_tests(preset, preset + ": tests that need the machine alone",
                TestSelection::need_the_machine_alone, outcome);
    }
    return outcome;
  }

  /// Configures (if needed) and builds the tsan preset at idle priority (`chrt --idle`: it
  /// runs only on CPU time nothing else wants), its output kept rather than streamed.
  [[nodiscard]] BackgroundBuild build_in_background() const {
    const std::string preset(grading::kTsanPreset);
    const auto start = Clock::now();
    BackgroundBuild build;
    if (!session_.layout.is_configured(preset)) {
      build.step = "configure";
      build.result = run_idle({"cmake", "--preset", preset});
    }
    if (build.step.empty() || build.result.succeeded()) {
      build.step = "build";
      build.old_entries = grading::line_count(ninja_log(preset));
      build.result = run_idle(build_command(preset));
    }
    build.seconds = seconds_since(start);
    return build;
  }

  [[nodiscard]] RunResult run_idle(std::vector<std::string> argv) const {
    grading::RunOptions options = at_root({"chrt", "--idle", "0"});
    options.argv.insert(options.argv.end(), argv.begin(), argv.end());
    RunResult result = grading::run_tool(options);
    if (result.program_not_found) {  // no chrt (util-linux): at the usual priority
      options.argv = std::move(argv);
      result = grading::run_tool(options);
    }
    return result;
  }

  /// Shows how the background build went: its whole output when it failed, one line if not.
  static void report_background_build(const std::string& preset, const BackgroundBuild& build) {
    announce("cmake --build --preset " + preset + ", beside the default tests");
    if (!build.result.succeeded()) {
      std::cout << build.result.output << '\n';
    }
    std::cout << preset << ": " << build.step << (build.result.succeeded() ? " done" : " failed")
              << " after " << grading::format_fixed(build.seconds, 1)
              << " s, beside the default tests at idle priority\n";
  }

  /// Reports the tsan build started beside the default tests (or builds the preset here when
  /// it was not started), then runs the tsan tests.
  PresetOutcome test_tsan_preset(std::future<BackgroundBuild>& tsan_build) {
    const std::string preset(grading::kTsanPreset);
    PresetOutcome outcome{preset, 0, 0, {}};
    if (!tsan_build.valid()) {  // the default build failed: build here, as before
      if (!configure_and_build(preset, outcome) && !session_.layout.is_configured(preset)) {
        return outcome;
      }
    } else {
      const BackgroundBuild build = tsan_build.get();
      report_background_build(preset, build);
      table_.add_labs("build " + preset,
                      grading::ninja_seconds_by_lab(ninja_log(preset), build.old_entries));
      if (!step_ok(build.result, outcome, build.step) && !session_.layout.is_configured(preset)) {
        return outcome;
      }
    }
    if (grading::interrupt_requested()) {
      return outcome;
    }
    if (full_run()) {
      tsan_tests_wait_for_grader_ = true;  // run beside the grader's pool (test_grader())
    } else {
      run_tests(preset, preset + ": tests", TestSelection::all, outcome);
    }
    return outcome;
  }

  /// Every lab, both presets and the grader's proof: the run CI makes.
  [[nodiscard]] bool full_run() const { return !options_.quick && options_.labs.empty(); }

  /// Adds a ctest run's tests to `outcome`. A run that found no test is a problem unless
  /// `may_be_empty` (a selection some labs have nothing in).
  static void count_tests(const RunResult& tests, PresetOutcome& outcome, bool may_be_empty) {
    const auto summary = grading::parse_ctest_summary(tests.output);
    if (summary) {
      outcome.tests += summary->total;
      outcome.failed += summary->failed;
    }
    const bool none = !summary || summary->total == 0;
    if (none && !(may_be_empty && tests.succeeded())) {
      outcome.problems.push_back("ctest ran no tests (" + grading::describe_exit(tests) + ")");
    } else if (!tests.succeeded() && (none || summary->failed == 0)) {
      outcome.problems.push_back("ctest failed (" + grading::describe_exit(tests) + ")");
    }
  }

  /// Builds the documentation; a failure counts against the default preset.
  void build_docs(PresetOutcome& outcome) {
    announce("cmake --build --preset default --target docs");
    step_ok(
        timed("docs",
              [&] {
                return streamed({"cmake", "--build", "--preset", "default", "--target", "docs"});
              }),
        outcome, "docs");
  }

  /// Runs `conclab grade-corpus` for `labs` with `selection` (--only... --repeat...), each
  /// grading's seconds counted to its lab.
  void grade_corpus_step(PresetOutcome& outcome, const std::vector<const grading::Lab*>& labs,
                         const std::vector<std::string>& selection) {
    if (labs.empty()) {
      return;
    }
    std::vector<std::string> args = {"grade-corpus"};
    for (const grading::Lab* lab : labs) {
      args.insert(args.end(), {"--lab", lab->id});
    }
    args.insert(args.end(), selection.begin(), selection.end());
    std::vector<std::string> argv = {fs::read_symlink("/proc/self/exe").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    announce("conclab " + grading::join(args, " "));
    ++outcome.tests;
    const RunResult result = streamed(argv);
    if (!result.succeeded()) {
      ++outcome.failed;
    }
    table_.add_labs("grader", grading::corpus_seconds_by_lab(result.output));
  }

  /// The grader's own proof. The whole corpus of kWholeCorpusLab (hostile submissions
  /// included); for every other lab, its reference and correct alternatives get full marks and
  /// its grader-only variants (a fork bomb...) their verdicts. CTest proves the rest per kind:
  /// each broken variant caught by its kind, and the stubs failing every test but the lab's
  /// guards (run-test --every-test-fails), which is what their score of 0 rests on. With --lab,
  /// those labs' whole corpus once (--quick: only reference, stubs and correct alternatives). All
  /// of it is one pool graded two at a time: each grading has a neighbour, as under `grade-class
  /// --jobs 2`, and every correct submission must still get full marks (the watchdog stretches its
  /// limit while threads keep working; speedup waits for the machine alone). Beside that pool, the
  /// end-to-end scripts: the Gradescope bundle, a batch killed with -9 that resumes, and a class
  /// graded through Slurm. Their gradings take the machine as every grading does (speedup alone),
  /// and they mostly wait (on Slurm, on a batch to be killed), so they fit in the time the pool
  /// leaves idle. In the full run, the tsan preset's tests go beside it too (tsan_tests_sharing()).
  /// Runs after both presets are built, the grader building in their trees.
  PresetOutcome test_grader() {
    PresetOutcome outcome{"grader", 0, 0, {}};
    const auto start = Clock::now();
    const std::vector<std::string> full_or_zero = {"--only", "reference", "--only",
                                                   "stubs",  "--only",    "correct"};
    const std::vector<std::string> unproven_by_ctest = {"--only",  "reference", "--only",
                                                        "correct", "--only",    "grader-only"};
    if (!options_.labs.empty()) {
      grade_corpus_step(outcome, labs_, options_.quick ? full_or_zero : std::vector<std::string>{});
    } else {
      std::vector<const grading::Lab*> others;
      std::vector<std::string> selection = unproven_by_ctest;
      for (const grading::Lab* lab : labs_) {
        if (lab->id == kWholeCorpusLab) {
          selection.insert(selection.end(), {"--whole", lab->id, "--whole-repeat",
                                             std::string(kWholeCorpusRepeats)});
        } else {
          others.push_back(lab);
        }
      }
      selection.insert(selection.end(), {"--jobs", "2"});
      auto scripts = std::async(std::launch::async, [this] { return end_to_end(); });
      std::future<RunBesidePool> tsan_tests;
      if (tsan_tests_wait_for_grader_) {
        tsan_tests = std::async(std::launch::async, [this] { return tsan_tests_sharing(); });
      }
      grade_corpus_step(outcome, others, selection);
      report_end_to_end(scripts.get(), outcome);
      if (tsan_tests.valid()) {
        report_tsan_tests(tsan_tests.get());
      }
    }
    table_.add_stage(tsan_tests_wait_for_grader_ ? "grader, the tsan tests beside it" : "grader",
                     seconds_since(start));
    return outcome;
  }

  /// One end-to-end script's run: its output is kept, and shown once the corpus has been graded.
  struct RunBesidePool {
    std::string name;
    RunResult result;
    double seconds = 0;
  };

  /// The grader as instructors use it, end to end: the Gradescope bundle and a resumed batch,
  /// then a class graded through a one-node Slurm cluster (as root; it skips otherwise).
  [[nodiscard]] std::vector<RunBesidePool> end_to_end() const {
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    std::vector<RunBesidePool> runs;
    for (const std::string name : {"grader_end_to_end.sh", "slurm_end_to_end.sh"}) {
      const auto script = session_.layout.root() / "grading" / "tests" / name;
      runs.push_back(
          run_beside_pool(name, at_root({script.string(), self, session_.layout.root().string()})));
    }
    return runs;
  }

  /// Runs `options` to completion, its output kept for later, as `name`.
  [[nodiscard]] static RunBesidePool run_beside_pool(std::string name,
                                                     const grading::RunOptions& options) {
    const auto start = Clock::now();
    RunResult result = grading::run_tool(options);
    return {std::move(name), std::move(result), seconds_since(start)};
  }

  /// Shows what each end-to-end script printed and counts it as one test.
  void report_end_to_end(const std::vector<RunBesidePool>& runs, PresetOutcome& outcome) {
    for (const RunBesidePool& run : runs) {
      announce("grading/tests/" + run.name + "  (ran beside the corpus, " +
               grading::format_fixed(run.seconds, 1) + " s)");
      std::cout << run.result.output << std::flush;
      ++outcome.tests;
      if (!run.result.succeeded()) {
        ++outcome.failed;
        std::cout << run.name << ": " << grading::describe_exit(run.result) << '\n';
      }
      table_.add_lab("grader", std::string(grading::kSharedRow), run.seconds);
    }
  }

  /// The tsan preset's tests, run beside the grader's pool. Each takes the grader's shared
  /// claim on the machine (run-test, CONCLAB_MACHINE_SHARE=shared), so a grading measuring
  /// speedup has the machine alone as ever; the rest of the time they fill what the gradings
  /// leave idle (a third of it: waiting for the machine, for a neighbour's speedup). Two slots,
  /// not the preset's four: the gradings beside them keep the cores busy too.
  /// The tests the grader runs again leave this run (tests_the_grader_runs_again()).
  [[nodiscard]] RunBesidePool tsan_tests_sharing() const {
    const std::string preset(grading::kTsanPreset);
    grading::RunOptions options =
        at_root({"ctest", "--test-dir", session_.layout.build_dir(preset).string(), "-LE",
                 "^student$", "--output-on-failure", "-j", "2"});
    if (const std::string graded = tests_the_grader_runs_again(preset); !graded.empty()) {
      options.argv.insert(options.argv.end(), {"-E", graded});
    }
    options.env = {{"CONCLAB_MACHINE_SHARE", "shared"}};
    return run_beside_pool(grading::join(options.argv, " "), options);
  }

  /// The tests of each reference solution that the full run's grader runs again in `preset`, as
  /// a regular expression for ctest -E (empty when there are none). The full run grades every
  /// lab's reference: its plain runs are the default tree's solution executables, and in a lab
  /// with race tests it runs them under ThreadSanitizer too, the tsan tree's. Both run every kind
  /// but speedup (which CTest keeps: the grader forgives a reference that cannot show its
  /// speedup on a busy machine), in the sandbox, beside a neighbour. A failure or a race report
  /// there costs the reference points, a wrong verdict that fails the self-test, so the proof
  /// stands once.
  [[nodiscard]] std::string tests_the_grader_runs_again(std::string_view preset) const {
    if (!full_run()) {
      return {};
    }
    const bool under_tsan = preset == grading::kTsanPreset;
    std::string labs;
    std::set<std::string> kinds;
    for (const grading::Lab* lab : labs_) {
      if (under_tsan && !lab->has_kind("race")) {
        continue;  // its grading runs nothing under ThreadSanitizer
      }
      labs += (labs.empty() ? "" : "|") + lab->id;
      for (const grading::RubricEntry& entry : lab->rubric) {
        if (entry.kind != "speedup") {
          kinds.insert(entry.kind);
        }
      }
    }
    if (labs.empty()) {
      return {};
    }
    return "^lab(" + labs + ")\\.solution\\.(" +
           grading::join(std::vector<std::string>(kinds.begin(), kinds.end()), "|") + ")$";
  }

  /// Shows the tsan tests' output and counts them in the tsan preset's outcome.
  void report_tsan_tests(const RunBesidePool& run) {
    announce(run.name + "  (ran beside the corpus, each test taking the machine shared, " +
             grading::format_fixed(run.seconds, 1) + " s)");
    std::cout << run.result.output << std::flush;
    const std::string preset(grading::kTsanPreset);
    const auto tsan =
        std::find_if(outcomes_.begin(), outcomes_.end(),
                     [&](const PresetOutcome& each) { return each.preset == preset; });
    if (tsan == outcomes_.end()) {
      return;
    }
    table_.add_labs("tests " + preset, grading::ctest_seconds_by_lab(run.result.output));
    count_tests(run.result, *tsan, false);
  }

  [[nodiscard]] int print_summary() const {
    std::cout << '\n' << Style::bold("where the time went") << '\n' << table_.render();
    std::size_t failed = 0;
    std::size_t total = 0;
    std::cout << '\n' << Style::bold("selftest summary") << '\n';
    for (const PresetOutcome& outcome : outcomes_) {
      std::cout << "  " << outcome.preset << ": " << outcome.tests - outcome.failed << " of "
                << grading::count_of(outcome.tests, "test") << " passed\n";
      for (const std::string& problem : outcome.problems) {
        std::cout << "  " << outcome.preset << ": " << Style::red(problem)
                  << " (counted as a failed test)\n";
      }
      failed += outcome.failed + outcome.problems.size();
      total += outcome.tests + outcome.problems.size();
    }
    std::cout << '\n' << grading::format_ctest_summary({failed, total}) << std::endl;
    return failed == 0 && total > 0 ? kExitOk : kExitFailed;
  }

  const Session& session_;
  SelftestOptions options_;
  std::vector<const grading::Lab*> labs_;
  std::vector<PresetOutcome> outcomes_;
  grading::TimeTable table_;
  /// The full run's tsan tests, deferred to run beside the grader's pool.
  bool tsan_tests_wait_for_grader_ = false;
};

}  // namespace

Command add_selftest_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "selftest",
      "Build and run the project's own tests (default and tsan presets), its documentation, and "
      "the grader's proof (every reference and stubs graded, the corpus of lab 01, Gradescope, a "
      "resumed batch, Slurm on one node); ends with a table of where the time went");
  auto options = std::make_shared<SelftestOptions>();
  command->add_flag("--quick", options->quick,
                    "Only the default preset; with --lab, only the reference, stubs and correct "
                    "alternatives are graded");
  command->add_option("--lab", options->labs,
                      "Only this lab (repeatable): its build, its tests in each preset and its "
                      "whole corpus graded, in a few minutes");
  return Command{command, [options] {
                   const Session session = open_session();
                   return Selftest(session, *options).run();
                 }};
}

}  // namespace conclab::cli
