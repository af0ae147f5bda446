// conclab selftest [--quick]: the project's own whole suite, for maintainers and CI.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "conclab/grading/cmake_driver.hpp"
#include "conclab/grading/ctest_summary.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::cli {

namespace {

using grading::RunResult;

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

RunResult run_streamed(const Session& session, std::vector<std::string> argv) {
  grading::RunOptions options;
  options.argv = std::move(argv);
  options.working_dir = session.layout.root();
  options.stream_output = true;
  return grading::run_tool(options);
}

RunResult run_ctest(const Session& session, const std::string& preset) {
  if (has_test_preset(session, preset)) {
    return run_streamed(session, {"ctest", "--preset", preset});
  }
  return run_streamed(
      session, {"ctest", "--test-dir", session.layout.build_dir(preset).string(), "-LE", "student",
                "--output-on-failure", "-j", std::to_string(grading::kBuildJobs)});
}

bool step_ok(const RunResult& result, PresetOutcome& outcome, const std::string& step) {
  if (result.succeeded()) {
    return true;
  }
  outcome.problems.push_back(step + " failed (" + grading::describe_exit(result) + ")");
  return false;
}

/// Configures (if needed), builds and tests one preset.
PresetOutcome test_preset(const Session& session, const std::string& preset) {
  PresetOutcome outcome{preset, 0, 0, {}};
  if (!session.layout.is_configured(preset)) {
    announce("cmake --preset " + preset);
    if (!step_ok(grading::configure_preset(session.layout, preset, true), outcome, "configure")) {
      return outcome;
    }
  }
  announce("cmake --build --preset " + preset);
  step_ok(run_streamed(session, {"cmake", "--build", "--preset", preset, "-j",
                                 std::to_string(grading::kBuildJobs)}),
          outcome, "build");
  if (grading::interrupt_requested()) {
    return outcome;
  }
  announce("ctest --preset " + preset);
  const RunResult tests = run_ctest(session, preset);
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
  return outcome;
}

/// Builds the documentation; a failure counts against the default preset.
void build_docs(const Session& session, PresetOutcome& outcome) {
  announce("cmake --build --preset default --target docs");
  step_ok(run_streamed(session, {"cmake", "--build", "--preset", "default", "--target", "docs"}),
          outcome, "docs");
}

/// Runs `conclab ARGS...` as one step of the grader's proof.
void grader_step(const Session& session, PresetOutcome& outcome,
                 const std::vector<std::string>& args) {
  std::vector<std::string> argv = {std::filesystem::read_symlink("/proc/self/exe").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  announce("conclab " + grading::join(args, " "));
  ++outcome.tests;
  if (!run_streamed(session, argv).succeeded()) {
    ++outcome.failed;
  }
}

/// The grader's own proof: every lab's reference solution and correct alternatives get full
/// marks and its stubs zero;
/// lab 01's whole corpus is graded right (each correct submission five times); the Gradescope
/// bundle works, and a batch killed with -9 resumes. Runs after both presets, whose build
/// trees the grader builds in.
PresetOutcome test_grader(const Session& session) {
  PresetOutcome outcome{"grader", 1, 0, {}};
  // Lab 01's whole corpus, five gradings of each correct submission; then, once each, the
  // reference, stubs and correct alternatives of every other lab.
  const std::string whole_corpus_lab = "01";
  grader_step(session, outcome, {"grade-corpus", "--lab", whole_corpus_lab, "--repeat", "5"});
  std::vector<std::string> other_labs;
  for (const grading::Lab& lab : session.catalog.labs()) {
    if (lab.id != whole_corpus_lab) {
      other_labs.insert(other_labs.end(), {"--lab", lab.id});
    }
  }
  if (!other_labs.empty()) {
    std::vector<std::string> args = {"grade-corpus", "--only", "reference", "--only",
                                     "stubs",        "--only", "correct"};
    args.insert(args.end(), other_labs.begin(), other_labs.end());
    grader_step(session, outcome, args);
  }
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  announce("grading/tests/grader_end_to_end.sh");
  const auto script = session.layout.root() / "grading" / "tests" / "grader_end_to_end.sh";
  if (!run_streamed(session, {script.string(), self, session.layout.root().string()}).succeeded()) {
    ++outcome.failed;
  }
  return outcome;
}

int print_summary(const std::vector<PresetOutcome>& outcomes) {
  std::size_t failed = 0;
  std::size_t total = 0;
  std::cout << '\n' << Style::bold("selftest summary") << '\n';
  for (const PresetOutcome& outcome : outcomes) {
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

int selftest(bool quick) {
  const Session session = open_session();
  std::vector<std::string> presets = {std::string(grading::kDefaultPreset)};
  if (!quick) {
    presets.emplace_back(grading::kTsanPreset);
  }
  std::vector<PresetOutcome> outcomes;
  for (const std::string& preset : presets) {
    outcomes.push_back(test_preset(session, preset));
    if (grading::interrupt_requested()) {
      std::cout << "\ninterrupted\n";
      return kExitInterrupted;
    }
  }
  build_docs(session, outcomes.front());
  if (!quick) {
    outcomes.push_back(test_grader(session));
  }
  return print_summary(outcomes);
}

}  // namespace

Command add_selftest_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "selftest",
      "Build and run the project's own tests (default and tsan presets), its documentation, and "
      "the grader's proof (every reference and stubs graded, the corpus of lab 01, Gradescope, a "
      "resumed batch)");
  auto quick = std::make_shared<bool>(false);
  command->add_flag("--quick", *quick, "Only the default preset");
  return Command{command, [quick] { return selftest(*quick); }};
}

}  // namespace conclab::cli
