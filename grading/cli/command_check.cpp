// conclab check [LAB] [--tsan]: build a lab's tests against the student's code, run them and
// explain the results.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "cli.hpp"
#include "conclab/grading/cmake_driver.hpp"
#include "conclab/grading/compile_errors.hpp"
#include "conclab/grading/grade_report.hpp"
#include "conclab/grading/gtest_report.hpp"
#include "conclab/grading/hints.hpp"
#include "conclab/grading/judge.hpp"
#include "conclab/grading/kind_result.hpp"
#include "conclab/grading/progress.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/test_run.hpp"
#include "conclab/grading/text.hpp"
#include "grade_files.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;
using grading::KindResult;
using grading::Lab;
using grading::RunEnd;
using grading::RunResult;
using grading::TestResult;
using grading::TestStatus;

constexpr std::chrono::seconds kTestRunTimeout{300};  // run_graded_test's own limit
constexpr std::size_t kKindWidth = 13;
constexpr std::size_t kFailuresPerTest = 2;  // places in the test's code
constexpr std::size_t kLinesPerFailure = 8;
constexpr std::size_t kWatchdogLines = 8;
constexpr std::size_t kSanitizerReportsShown = 3;
constexpr std::size_t kBuildLogTail = 20;
constexpr std::size_t kHintWidth = 84;
const std::string kDetail(7, ' ');  // indentation of everything under a test's line

std::string seconds_text(std::chrono::milliseconds elapsed) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << static_cast<double>(elapsed.count()) / 1000.0
       << " s";
  return text.str();
}

std::string pad_kind(std::string_view kind) {
  std::string padded(kind);
  padded.resize(std::max(kKindWidth, kind.size() + 1), ' ');
  return padded;
}

/// "build        running..." on a terminal, replaced in place by the outcome.
void show_step_started(std::string_view step, std::string_view what) {
  if (Style::is_terminal()) {
    std::cout << pad_kind(step) << Style::dim(what) << std::flush;
  }
}

void show_step_done(std::string_view step, std::string_view outcome) {
  if (Style::is_terminal()) {
    std::cout << "\r\033[K";
  }
  std::cout << pad_kind(step) << outcome << '\n';
}

void write_log(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::trunc) << text;
}

/// Explains a failed build: the first compiler error, or the end of the log.
void explain_build_failure(const Session& session, std::string_view preset,
                           const RunResult& build) {
  const grading::RepoLayout& layout = session.layout;
  const fs::path build_dir = layout.build_dir(preset);
  std::cout << Style::red("Your code does not compile:") << "\n\n";
  if (const auto error = grading::first_compile_error(build.output, layout.root(), build_dir)) {
    std::cout << "  " << Style::bold(error->headline) << '\n';
    for (const std::string& line : error->context) {
      std::cout << "  " << line << '\n';
    }
  } else {
    for (const std::string& line : grading::last_lines(
             grading::relative_to_root(build.output, layout.root()), kBuildLogTail)) {
      std::cout << "  " << line << '\n';
    }
  }
  std::cout << "\nfull log: " << layout.display(layout.build_log(preset)) << '\n';
}

/// Configures `preset` if it never was; false (after explaining) when that fails.
bool ensure_configured(const Session& session, std::string_view preset) {
  if (session.layout.is_configured(preset)) {
    return true;
  }
  show_step_started("configure", "cmake --preset " + std::string(preset) + " (first time only)");
  const RunResult configure = grading::configure_preset(session.layout, preset, false);
  write_log(session.layout.build_log(preset), configure.output);
  if (configure.succeeded()) {
    show_step_done("configure", "build/" + std::string(preset) + " ready (" +
                                    seconds_text(configure.elapsed) + ")");
    return true;
  }
  show_step_done("configure", Style::red("failed"));
  for (const std::string& line : grading::last_lines(configure.output, kBuildLogTail)) {
    std::cout << "  " << line << '\n';
  }
  return false;
}

/// Builds `target` in `preset`; false (after explaining) when it does not compile.
bool build(const Session& session, std::string_view preset, const std::string& target) {
  if (!ensure_configured(session, preset)) {
    return false;
  }
  const std::string step =
      preset == grading::kDefaultPreset ? "build" : "build " + std::string(preset);
  show_step_started(step, "building " + target);
  const RunResult result = grading::build_targets(session.layout, preset, {target}, false);
  write_log(session.layout.build_log(preset), result.output);
  if (result.interrupted) {
    show_step_done(step, "interrupted");
    return false;
  }
  if (!result.succeeded()) {
    show_step_done(step, Style::red("failed"));
    explain_build_failure(session, preset, result);
    return false;
  }
  show_step_done(step, "ok (" + seconds_text(result.elapsed) + ")");
  return true;
}

/// A result for a kind whose executable is missing after a successful build.
KindResult missing_executable(const std::string& kind, const std::string& shown_path) {
  KindResult result;
  result.kind = kind;
  result.end = RunEnd::crashed;
  result.exit_description = "was not built: " + shown_path + " is missing";
  return result;
}

/// Runs one kind's test executable from build/PRESET through the grader's run stage (the
/// quick profile: one plain run, no sandbox, since this is the student's own code) and works
/// out what happened.
grading::TestRun run_kind(const Session& session, const Lab& lab, const std::string& kind,
                          std::string_view preset) {
  const grading::RepoLayout& layout = session.layout;
  grading::TestRunRequest request;
  request.kind = kind;
  request.executable = layout.test_executable(preset, lab.dir_name, "student", kind);
  request.build_dir = layout.build_dir(preset);
  if (!fs::exists(request.executable)) {
    // One stand-in test, never run: the kind earns nothing (with no test at all it would be
    // "not measurable", and keep its points).
    return {missing_executable(kind, layout.display(request.executable)),
            {"(" + kind + "_test)"},
            {},
            {}};
  }
  if (!fs::exists(layout.test_launcher())) {
    throw std::runtime_error("the test launcher " + layout.display(layout.test_launcher()) +
                             " is missing");
  }
  request.reference = request.executable;  // the student's own checkout: its tests are the list
  request.sanitized = preset != grading::kDefaultPreset;
  request.sandboxed = false;
  request.scratch = layout.results_dir(lab.dir_name) / (kind + "-" + std::string(preset));
  show_step_started(kind, "running " + request.executable.filename().string());
  grading::TestRun run = grading::run_graded_test(layout, request);
  if (Style::is_terminal()) {
    std::cout << "\r\033[K" << std::flush;
  }
  return run;
}

/// Prints a kind's results under its summary line, with hints for what failed.
class KindPrinter {
 public:
  KindPrinter(const Lab& lab, std::set<std::string>& shown_hints)
      : lab_(lab), shown_hints_(shown_hints) {}

  void print(const grading::TestRun& run, const grading::GradedKind& graded) {
    const KindResult& result = run.result;
    print_summary(result, graded);
    if (!run.distrust.empty()) {
      std::cout << "  " << Style::red("NOT BELIEVED") << " " << run.distrust << '\n';
    }
    for (const TestResult& test : result.tests) {
      if (test.status == TestStatus::failed) {
        print_failed_test(result, test);
      } else if (test.status == TestStatus::skipped && !all_skipped(result)) {
        std::cout << "  " << Style::yellow("SKIP") << " " << test.full_name()
                  << skip_reason(test.skip_message) << '\n';
      }
    }
    print_ending(result);
    print_stray_sanitizer_reports(result);
  }

 private:
  /// True when the run went fine but skipped every test (e.g. speedup on one core).
  static bool all_skipped(const KindResult& result) {
    return result.end == RunEnd::completed && result.passed() == 0 && result.skipped() > 0 &&
           result.failing() == 0;
  }

  static void print_summary(const KindResult& result, const grading::GradedKind& graded) {
    std::cout << pad_kind(result.kind);
    if (all_skipped(result)) {
      std::cout << Style::yellow("skipped") << skip_reason(result.tests.front().skip_message)
                << Style::dim("  (" + points_text(graded) + ", kept: not measurable here)") << '\n';
      return;
    }
    const std::string count = std::to_string(result.passed()) + "/" +
                              std::to_string(result.total() - result.skipped()) + " passed";
    std::cout << (result.failing() == 0 ? Style::green(count) : Style::red(count));
    if (result.skipped() > 0) {
      std::cout << ", " << result.skipped() << " skipped";
    }
    std::cout << Style::dim("  (" + points_text(graded) + ")") << '\n';
  }

  /// "24 / 40 points", as the grader's rubric gives them for this run.
  static std::string points_text(const grading::GradedKind& graded) {
    return grading::format_points(graded.score) + " / " + grading::format_number(graded.max_score) +
           " points";
  }

  /// ": why" for a skip message, without a "Skipped:" of its own at the start.
  static std::string skip_reason(std::string_view why) {
    constexpr std::string_view kSkipped = "skipped";
    if (why.size() >= kSkipped.size() &&
        std::equal(kSkipped.begin(), kSkipped.end(), why.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        })) {
      why = grading::trim(why.substr(kSkipped.size()));
      if (why.starts_with(':')) {
        why = grading::trim(why.substr(1));
      }
    }
    return why.empty() ? std::string() : ": " + std::string(why);
  }

  void print_failed_test(const KindResult& result, const TestResult& test) {
    std::cout << "  " << Style::red("FAIL") << " " << test.full_name() << '\n';
    print_failures(test.failures);
    print_sanitizer_reports(result.sanitizer_reports_of(test.full_name()));
    print_hints(test.full_name(), result.kind);
  }

  /// The first failure at each of the first few places; repeats (a check in a loop) are
  /// counted rather than shown.
  static void print_failures(const std::vector<std::string>& failures) {
    std::vector<std::pair<std::string, std::size_t>> places;  // first failure, how many
    for (const std::string& failure : failures) {
      const std::string place = failure.substr(0, failure.find('\n'));
      const auto same = std::find_if(places.begin(), places.end(), [&](const auto& seen) {
        return seen.first.substr(0, seen.first.find('\n')) == place;
      });
      if (same == places.end()) {
        places.emplace_back(failure, 1);
      } else {
        ++same->second;
      }
    }
    std::size_t hidden = 0;
    for (std::size_t i = 0; i < places.size(); ++i) {
      if (i >= kFailuresPerTest) {
        hidden += places[i].second;
        continue;
      }
      print_failure(places[i].first);
      if (places[i].second > 1) {
        std::cout << kDetail << "  (and " << places[i].second - 1
                  << " more failures at the same line)\n";
      }
    }
    if (hidden > 0) {
      std::cout << kDetail << "... and " << grading::count_of(hidden, "more failure") << '\n';
    }
  }

  /// "/path/to/x_test.cpp:42" as "x_test.cpp:42"; anything else ("unknown file") as it is.
  static std::string short_location(const std::string& location) {
    const std::size_t colon = location.rfind(':');
    if (colon == std::string::npos) {
      return location;
    }
    return fs::path(location.substr(0, colon)).filename().string() + location.substr(colon);
  }

  /// "FILE:LINE\nmessage" as "file_test.cpp:LINE: message", one line per message line.
  static void print_failure(const std::string& failure) {
    std::vector<std::string> lines = grading::split_lines(failure);
    if (lines.empty()) {
      return;
    }
    const std::string location = short_location(lines.front());
    std::vector<std::string> message;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (!grading::trim(lines[i]).empty()) {
        message.push_back(lines[i]);
      }
    }
    std::cout << kDetail << location << ":" << (message.empty() ? "" : " " + message.front())
              << '\n';
    for (std::size_t i = 1; i < message.size() && i < kLinesPerFailure; ++i) {
      std::cout << kDetail << "  " << message[i] << '\n';
    }
  }

  static void print_sanitizer_reports(const std::vector<grading::SanitizerReport>& reports) {
    for (std::size_t i = 0; i < reports.size() && i < kSanitizerReportsShown; ++i) {
      for (const std::string& line : reports[i].lines) {
        std::cout << kDetail << line << '\n';
      }
    }
    if (reports.size() > kSanitizerReportsShown) {
      std::cout << kDetail << "... and " << reports.size() - kSanitizerReportsShown
                << " more sanitizer reports\n";
    }
  }

  void print_stray_sanitizer_reports(const KindResult& result) {
    const auto stray = result.stray_sanitizer_reports();
    if (stray.empty()) {
      return;
    }
    const bool race = stray.front().sanitizer() == "ThreadSanitizer";
    std::cout << "  " << Style::red(race ? "RACE" : "MEMORY ERROR") << " reported by "
              << stray.front().sanitizer() << " outside any test:\n";
    print_sanitizer_reports(stray);
    print_hints("", result.kind);
  }

  /// The hints for a failed test that this check has not shown yet.
  void print_hints(const std::string& test, const std::string& kind) {
    for (const grading::Hint& hint : grading::hints_for_failure(lab_.hints, test, kind)) {
      if (!shown_hints_.insert(hint.text).second) {
        continue;
      }
      const auto lines = grading::wrap(hint.text, kHintWidth);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::cout << kDetail << (i == 0 ? Style::yellow("hint: ") : "      ") << lines[i] << '\n';
      }
    }
  }

  void print_ending(const KindResult& result) {
    switch (result.end) {
      case RunEnd::watchdog:
        print_watchdog(result);
        break;
      case RunEnd::timed_out:
        std::cout << "  " << Style::red("TIMEOUT") << running_test(result) << ": " << result.kind
                  << "_test did not finish within " << kTestRunTimeout.count()
                  << " s and was stopped\n";
        print_tail(result);
        print_hints(result.unfinished_test, result.kind);
        break;
      case RunEnd::crashed:
        std::cout << "  " << Style::red("CRASH") << running_test(result) << ": " << result.kind
                  << "_test " << result.exit_description << '\n';
        if (const auto reports = result.sanitizer_reports_of(result.unfinished_test);
            !reports.empty()) {
          print_sanitizer_reports(reports);  // a use after free with its stacks, not the tail
        } else {
          print_tail(result);
        }
        print_hints(result.unfinished_test, result.kind);
        break;
      default:
        break;
    }
    print_not_run(result);
  }

  void print_watchdog(const KindResult& result) {
    std::cout << "  " << Style::red("TIMEOUT") << running_test(result)
              << ": the watchdog stopped the run (its report follows)\n";
    const auto& lines = result.watchdog_lines;
    for (std::size_t i = 0; i < lines.size() && i < kWatchdogLines; ++i) {
      std::cout << kDetail << lines[i] << '\n';
    }
    if (lines.size() > kWatchdogLines) {
      std::cout << kDetail << "... and "
                << grading::count_of(lines.size() - kWatchdogLines, "more line") << " like these\n";
    }
    if (lines.empty()) {
      print_tail(result);
    }
    print_hints(result.unfinished_test, result.kind);
  }

  static std::string running_test(const KindResult& result) {
    return result.unfinished_test.empty() ? "" : " in " + result.unfinished_test;
  }

  static void print_tail(const KindResult& result) {
    if (result.output_tail.empty()) {
      return;
    }
    std::cout << kDetail << "last lines of its output:\n";
    for (const std::string& line : result.output_tail) {
      std::cout << kDetail << "| " << line << '\n';
    }
  }

  static void print_not_run(const KindResult& result) {
    const std::size_t finished = result.tests.size() + (result.unfinished_test.empty() ? 0 : 1);
    if (result.end != RunEnd::completed && result.expected_total > finished) {
      std::cout << "  " << grading::count_of(result.expected_total - finished, "test")
                << " did not run\n";
    }
  }

  const Lab& lab_;
  std::set<std::string>& shown_hints_;
};

/// The totals of a whole check.
struct Tally {
  std::size_t passed = 0;
  std::size_t failing = 0;
  std::size_t total = 0;
  double score = 0.0;
  double max_score = 0.0;
};

void print_verdict(const Lab& lab, const Tally& tally) {
  std::cout << '\n';
  const std::string points = grading::format_points(tally.score) + " / " +
                             grading::format_number(tally.max_score) + " points";
  if (tally.failing == 0) {
    std::cout << Style::green("lab " + lab.id + " passing") << ", " << points << '\n';
  } else {
    std::cout << Style::red("lab " + lab.id + ": " + std::to_string(tally.failing) + " of " +
                            grading::count_of(tally.total, "test") + " failing")
              << ", " << points << '\n';
  }
  std::cout << Style::dim(
                   "(a quick check: one plain run of each kind. The grader also replays "
                   "chaos schedules, runs ThreadSanitizer and AddressSanitizer and measures "
                   "speedup against the "
                   "reference: `conclab check " +
                   lab.id + " --full` shows what it will say.)")
            << '\n';
}

void save(const Session& session, const Lab& lab, const Tally& tally) {
  grading::LabProgress entry;
  entry.state = tally.failing == 0 ? grading::LabState::passing : grading::LabState::failing;
  entry.passed = static_cast<int>(tally.passed);
  entry.total = static_cast<int>(tally.total);
  entry.checked_at = grading::iso8601_now();
  grading::record_progress(session.layout.progress_file(), lab.dir_name, entry);
}

/// The tree `kind`'s tests run from: the race tests under ThreadSanitizer with --tsan, every
/// other kind but speedup (timings under a sanitizer mean nothing) under AddressSanitizer with
/// --asan, the plain tree otherwise.
std::string_view preset_of(const std::string& kind, const CheckOptions& options) {
  if (options.tsan && kind == "race") {
    return grading::kTsanPreset;
  }
  return options.asan && kind != "speedup" ? grading::kAsanPreset : grading::kDefaultPreset;
}

/// Builds what the check runs; false when something does not compile.
bool build_all(const Session& session, const Lab& lab, const CheckOptions& options) {
  if (!build(session, grading::kDefaultPreset, grading::tests_target(lab.id, "student"))) {
    return false;
  }
  if (options.tsan &&
      !build(session, grading::kTsanPreset, grading::kind_target(lab.id, "student", "race"))) {
    return false;
  }
  const std::vector<std::string> kinds = lab.kinds();
  return std::all_of(kinds.begin(), kinds.end(), [&](const std::string& kind) {
    return preset_of(kind, options) != grading::kAsanPreset ||
           build(session, grading::kAsanPreset, grading::kind_target(lab.id, "student", kind));
  });
}

/// The full profile: the grader itself, on the student's checkout. Exit 0 with full marks.
int check_full(const Session& session, const Lab& lab) {
  const grading::Grade grade = grade_one(session, session.layout.root(), {&lab});
  std::cout << grading::render(grade, grading::ReportFormat::text, Style::is_terminal());
  Tally tally;
  for (const grading::GradedKind& kind : grade.labs.front().kinds) {
    for (const grading::GradedTest& test : kind.tests) {
      const bool passed = test.status == grading::GradedStatus::passed;
      tally.passed += passed ? 1 : 0;
      tally.failing += test.status == grading::GradedStatus::ungraded || passed ? 0 : 1;
      ++tally.total;
    }
  }
  save(session, lab, tally);
  return tally.failing == 0 ? kExitOk : kExitFailed;
}

int check_lab(const Session& session, const Lab& lab, CheckOptions options) {
  if (options.full) {
    return check_full(session, lab);
  }
  std::cout << Style::bold("lab " + lab.id + "  " + lab.title) << '\n';
  if (options.tsan && !lab.has_kind("race")) {
    std::cout << "(lab " << lab.id << " has no race tests: --tsan has nothing to add)\n";
    options.tsan = false;
  }
  if (!build_all(session, lab, options)) {
    if (grading::interrupt_requested()) {
      return kExitInterrupted;
    }
    save(session, lab, Tally{0, 1, 0});
    return kExitFailed;
  }
  Tally tally;
  std::set<std::string> shown_hints;
  KindPrinter printer(lab, shown_hints);
  for (const std::string& kind : lab.kinds()) {
    const grading::TestRun run = run_kind(session, lab, kind, preset_of(kind, options));
    const KindResult& result = run.result;
    if (result.end == RunEnd::interrupted) {
      std::cout << "\ninterrupted\n";
      return kExitInterrupted;
    }
    const grading::GradedKind graded = grading::judge_kind(kind, lab.weight(kind), {run}, lab);
    printer.print(run, graded);
    tally.passed += result.passed();
    tally.failing += result.failing();
    tally.total += result.total();
    tally.score += graded.score;
    tally.max_score += graded.max_score;
  }
  print_verdict(lab, tally);
  save(session, lab, tally);
  return tally.failing == 0 ? kExitOk : kExitFailed;
}

}  // namespace

int run_check(const Session& session, const Lab& lab, const CheckOptions& options) {
  return check_lab(session, lab, options);
}

Command add_check_command(CLI::App& app) {
  CLI::App* check = app.add_subcommand(
      "check", "Build a lab's tests against your code, run them and explain what failed");
  auto lab = std::make_shared<std::optional<std::string>>();
  auto options = std::make_shared<CheckOptions>();
  check->add_option("LAB", *lab,
                    "The lab: 01, 1, threads-and-locks or 01-threads-and-locks "
                    "(default: the first lab that is not passing)");
  check->add_flag("--tsan", options->tsan,
                  "Also build with ThreadSanitizer (build/tsan) and run the race tests there");
  check->add_flag("--asan", options->asan,
                  "Also build with AddressSanitizer (build/asan) and run every kind but speedup "
                  "there: a use after free is named, with where the memory was freed");
  check->add_flag("--full", options->full,
                  "Run what the grader runs (chaos schedules, both sanitizers, speedup against "
                  "the reference, sandboxed) and show its report and points");
  return Command{check, [lab, options] {
                   const Session session = open_session();
                   return run_check(session, choose_lab(session, *lab), *options);
                 }};
}

}  // namespace conclab::cli
