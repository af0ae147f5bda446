// conclab selftest [--quick] [--lab NN]: the project's own whole suite, for maintainers and CI,
// with a table of where its time went at the end.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

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

/// The lab whose whole corpus (hostile submissions included) the full self-test grades, each
/// correct submission several times; every other lab's reference, stubs and grader-only
/// variants are graded once, its other broken variants being proven per kind by CTest.
constexpr std::string_view kWholeCorpusLab = "01";
constexpr int kWholeCorpusRepeats = 3;
/// CTest's slots when CMakePresets.json has no test preset (it says the same): the kinds that
/// mostly wait run four at a time, a race test takes two slots, a speedup test the machine.
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
    std::vector<std::string> presets = {std::string(grading::kDefaultPreset)};
    if (!options_.quick) {
      presets.emplace_back(grading::kTsanPreset);
    }
    for (const std::string& preset : presets) {
      outcomes_.push_back(test_preset(preset));
      if (grading::interrupt_requested()) {
        std::cout << "\ninterrupted\n";
        return kExitInterrupted;
      }
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

  RunResult streamed(std::vector<std::string> argv) const {
    grading::RunOptions options;
    options.argv = std::move(argv);
    options.working_dir = session_.layout.root();
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

  RunResult run_ctest(const std::string& preset) const {
    std::vector<std::string> argv = {"ctest"};
    if (has_test_preset(session_, preset)) {
      argv.insert(argv.end(), {"--preset", preset});
    } else {
      argv.insert(argv.end(), {"--test-dir", session_.layout.build_dir(preset).string(), "-LE",
                               "student", "--output-on-failure", "-j", std::to_string(kTestSlots)});
    }
    if (!options_.labs.empty()) {
      // Labels are OR-ed only within one regular expression.
      std::string labels;
      for (const grading::Lab* lab : labs_) {
        labels += (labels.empty() ? "^lab" : "$|^lab") + lab->id;
      }
      argv.insert(argv.end(), {"-L", labels + "$"});
    }
    return streamed(argv);
  }

  /// What to build: everything, or the --lab labs' own targets.
  std::vector<std::string> build_command(const std::string& preset) const {
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

  /// Configures (if needed), builds and tests one preset.
  PresetOutcome test_preset(const std::string& preset) {
    PresetOutcome outcome{preset, 0, 0, {}};
    if (!session_.layout.is_configured(preset)) {
      announce("cmake --preset " + preset);
      const RunResult configured = timed(preset + ": configure", [&] {
        return grading::configure_preset(session_.layout, preset, true);
      });
      if (!step_ok(configured, outcome, "configure")) {
        return outcome;
      }
    }
    const fs::path ninja_log = session_.layout.build_dir(preset) / ".ninja_log";
    const std::size_t old_entries = grading::line_count(ninja_log);
    announce(grading::join(build_command(preset), " "));
    step_ok(timed(preset + ": build", [&] { return streamed(build_command(preset)); }), outcome,
            "build");
    table_.add_labs("build " + preset, grading::ninja_seconds_by_lab(ninja_log, old_entries));
    if (grading::interrupt_requested()) {
      return outcome;
    }
    announce("ctest --preset " + preset);
    const RunResult tests = timed(preset + ": tests", [&] { return run_ctest(preset); });
    table_.add_labs("tests " + preset, grading::ctest_seconds_by_lab(tests.output));
    count_tests(tests, outcome);
    return outcome;
  }

  static void count_tests(const RunResult& tests, PresetOutcome& outcome) {
    const auto summary = grading::parse_ctest_summary(tests.output);
    if (summary) {
      outcome.tests = summary->total;
      outcome.failed = summary->failed;
    }
    if (!summary || summary->total == 0) {
      outcome.problems.push_back("ctest ran no tests (" + grading::describe_exit(tests) + ")");
    } else if (!tests.succeeded() && summary->failed == 0) {
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
  /// included; each correct one graded kWholeCorpusRepeats times); for every other lab, its
  /// reference and correct alternatives get full marks and its grader-only variants (a fork
  /// bomb...) their verdicts. CTest proves the rest per kind: each broken variant caught by its
  /// kind, and the stubs failing every test but the lab's guards (run-test --every-test-fails),
  /// which is what their score of 0 rests on. With --lab, those labs' whole corpus once
  /// (--quick: only reference, stubs and correct alternatives). Lab 01's corpus is graded two at
  /// a time: each grading has a neighbour, as under `grade-class --jobs 2`, and its correct
  /// submissions must still get full marks every time (the watchdog stretches its limit while
  /// threads keep working). The other labs grade one at a time: their kinds are CPU-bound on two
  /// cores, so a second slot would only build each lab's tests once more. Then the Gradescope
  /// bundle, a batch killed with -9 that resumes, and a class graded through Slurm. Runs after
  /// both presets, whose build trees the grader builds in.
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
      std::vector<const grading::Lab*> whole;
      std::vector<const grading::Lab*> others;
      for (const grading::Lab* lab : labs_) {
        (lab->id == kWholeCorpusLab ? whole : others).push_back(lab);
      }
      grade_corpus_step(outcome, whole,
                        {"--repeat", std::to_string(kWholeCorpusRepeats), "--jobs", "2"});
      grade_corpus_step(outcome, others, unproven_by_ctest);
      end_to_end(outcome);
    }
    table_.add_stage("grader", seconds_since(start));
    return outcome;
  }

  /// The grader as instructors use it, end to end: the Gradescope bundle and a resumed batch,
  /// then a class graded through a one-node Slurm cluster (as root; it skips otherwise).
  void end_to_end(PresetOutcome& outcome) {
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    for (const std::string name : {"grader_end_to_end.sh", "slurm_end_to_end.sh"}) {
      announce("grading/tests/" + name);
      const auto script = session_.layout.root() / "grading" / "tests" / name;
      const auto start = Clock::now();
      ++outcome.tests;
      if (!streamed({script.string(), self, session_.layout.root().string()}).succeeded()) {
        ++outcome.failed;
      }
      table_.add_lab("grader", std::string(grading::kSharedRow), seconds_since(start));
    }
  }

  int print_summary() const {
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
