#include "conclab/grading/judge.hpp"

#include <algorithm>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

constexpr std::size_t kFailurePlaces = 2;
constexpr std::size_t kLinesPerFailure = 6;
constexpr std::size_t kWatchdogLines = 10;
/// How many of the run's kept output lines (kind_result.cpp keeps them) a test's evidence shows.
constexpr std::size_t kEvidenceTailLines = 6;

/// Which status wins when runs disagree: any failure beats everything.
int severity(GradedStatus status) {
  switch (status) {
    case GradedStatus::failed:
      return 3;
    case GradedStatus::not_run:
      return 2;
    case GradedStatus::ungraded:
      return 1;
    default:
      return 0;
  }
}

void worsen(GradedTest& test, GradedStatus status) {
  if (severity(status) > severity(test.status)) {
    test.status = status;
  }
}

void add_lines(std::vector<std::string>& evidence, const std::vector<std::string>& lines,
               std::size_t limit) {
  for (std::size_t i = 0; i < lines.size() && i < limit; ++i) {
    evidence.push_back(lines[i]);
  }
  if (lines.size() > limit) {
    evidence.push_back("... (" + std::to_string(lines.size() - limit) + " more lines)");
  }
}

/// The test's failed assertions (the first few places) and its sanitizer reports.
void add_failure_evidence(GradedTest& graded, const TestResult& test, const KindResult& result) {
  for (std::size_t i = 0; i < test.failures.size() && i < kFailurePlaces; ++i) {
    add_lines(graded.evidence, split_lines(test.failures[i]), kLinesPerFailure);
  }
  for (const SanitizerReport& report : result.sanitizer_reports_of(test.full_name())) {
    add_lines(graded.evidence, report.lines, report.lines.size());
  }
}

/// Evidence for the test that was running when the run stopped: how it stopped, then what a
/// sanitizer said about it (a use after free, a bad address, with their stacks), or else the
/// end of the output.
void add_ending_evidence(GradedTest& graded, const KindResult& result) {
  switch (result.end) {
    case RunEnd::watchdog:
      graded.evidence.emplace_back("the watchdog stopped this test; what each thread waited on:");
      add_lines(graded.evidence, result.watchdog_lines, kWatchdogLines);
      break;
    case RunEnd::timed_out:
      graded.evidence.emplace_back("the run did not finish in time and was stopped");
      break;
    default:
      graded.evidence.push_back("the test program " + result.exit_description + " in this test");
      break;
  }
  const auto reports = result.sanitizer_reports_of(graded.name);
  for (const SanitizerReport& report : reports) {
    add_lines(graded.evidence, report.lines, report.lines.size());
  }
  if (reports.empty() && (result.end != RunEnd::watchdog || result.watchdog_lines.empty())) {
    add_lines(graded.evidence, result.output_tail,
              std::min(kEvidenceTailLines, result.output_tail.size()));
  }
}

/// Folds one run's verdict on `graded` into it; true when the test passed in this run.
bool judge_in_run(GradedTest& graded, const TestRun& run) {
  const KindResult& result = run.result;
  if (!run.distrust.empty()) {
    worsen(graded, GradedStatus::failed);
    graded.evidence.push_back("the run's report was not believed: " + run.distrust);
    return false;
  }
  const auto found =
      std::find_if(result.tests.begin(), result.tests.end(),
                   [&](const TestResult& test) { return test.full_name() == graded.name; });
  if (found != result.tests.end()) {
    if (found->status == TestStatus::failed) {
      worsen(graded, GradedStatus::failed);
      add_failure_evidence(graded, *found, result);
    } else if (found->status == TestStatus::skipped) {
      worsen(graded, GradedStatus::ungraded);
      graded.evidence.push_back(found->skip_message.empty() ? "skipped" : found->skip_message);
    }
  } else if (result.unfinished_test == graded.name) {
    worsen(graded, GradedStatus::failed);
    add_ending_evidence(graded, result);
  } else {
    worsen(graded, GradedStatus::not_run);
    graded.evidence.emplace_back(result.end == RunEnd::completed
                                     ? "missing from the run's report"
                                     : "did not run: the run ended in an earlier test");
  }
  if (graded.status == GradedStatus::failed && !run.chaos_line.empty()) {
    graded.evidence.push_back(run.chaos_line);
  }
  for (const SanitizerReport& stray : result.stray_sanitizer_reports()) {
    worsen(graded, GradedStatus::failed);
    graded.evidence.push_back(std::string(stray.sanitizer()) + " reported outside any test:");
    add_lines(graded.evidence, stray.lines, stray.lines.size());
  }
  return found != result.tests.end() && found->status == TestStatus::passed &&
         result.stray_sanitizer_reports().empty();
}

/// "Correctness" for "correctness".
std::string capitalised(std::string word) {
  if (!word.empty() && word.front() >= 'a' && word.front() <= 'z') {
    word.front() = static_cast<char>(word.front() - 'a' + 'A');
  }
  return word;
}

/// What `report` says was found, from its first line: "a data race", "heap-use-after-free",
/// "stack-use-after-return", "undefined behaviour".
std::string finding_of(const SanitizerReport& report) {
  const std::string_view sanitizer = report.sanitizer();
  const std::string_view first =
      report.lines.empty() ? std::string_view() : std::string_view(report.lines.front());
  const std::size_t named = first.find(std::string(sanitizer) + ": ");
  if (sanitizer == "UndefinedBehaviorSanitizer" || named == std::string_view::npos) {
    return sanitizer == "ThreadSanitizer" ? "a data race" : "undefined behaviour";
  }
  const std::string_view what = first.substr(named + sanitizer.size() + 2);
  if (what.starts_with("data race")) {
    return "a data race";
  }
  return std::string(what.substr(0, what.find(' ')));
}

/// Whether `sanitizer`'s sweep counts `report`: a ThreadSanitizer sweep its data races, an
/// AddressSanitizer sweep what AddressSanitizer and UndefinedBehaviorSanitizer (built in with
/// it) say.
bool counts_in(SweepSanitizer sanitizer, const SanitizerReport& report) {
  return (report.sanitizer() == "ThreadSanitizer") == (sanitizer == SweepSanitizer::thread);
}

/// Adds the sweep's reports to `graded`, each after the test it was seen in.
void add_sweep_reports(GradedTest& graded, const std::string& kind,
                       const std::vector<SanitizerReport>& reports) {
  std::vector<std::string> seen_in;
  for (const SanitizerReport& report : reports) {
    if (std::find(seen_in.begin(), seen_in.end(), report.test) == seen_in.end()) {
      seen_in.push_back(report.test);
    }
  }
  for (std::size_t i = 0; i < seen_in.size() && i < kFailurePlaces; ++i) {
    const auto first = std::find_if(reports.begin(), reports.end(),
                                    [&](const auto& report) { return report.test == seen_in[i]; });
    std::string heading(first->sanitizer());
    heading += " reported " + finding_of(*first);
    heading += seen_in[i].empty() ? " outside any " + kind + " test:"
                                  : " while the " + kind + " test " + seen_in[i] + " ran:";
    graded.evidence.push_back(std::move(heading));
    for (const SanitizerReport& report : reports) {
      if (report.test == seen_in[i]) {
        add_lines(graded.evidence, report.lines, report.lines.size());
      }
    }
  }
  if (seen_in.size() > kFailurePlaces) {
    graded.evidence.push_back("... and in " +
                              count_of(seen_in.size() - kFailurePlaces, "more test"));
  }
}

}  // namespace

std::string sweep_name(SweepSanitizer sanitizer, const std::string& kind) {
  return std::string(sanitizer == SweepSanitizer::thread ? "ThreadSanitizer" : "AddressSanitizer") +
         "." + capitalised(kind) + "Tests";
}

GradedTest judge_sweep(SweepSanitizer sanitizer, const std::string& kind, const TestRun& sweep,
                       const std::string& charged_to) {
  GradedTest graded;
  graded.name = sweep_name(sanitizer, kind);
  graded.kind = charged_to;
  std::vector<SanitizerReport> reports;
  for (const SanitizerReport& report : sweep.result.sanitizer_reports) {
    if (counts_in(sanitizer, report)) {
      reports.push_back(report);
    }
  }
  if (!sweep.distrust.empty()) {
    graded.status = GradedStatus::failed;
    graded.evidence.push_back("the run's report was not believed: " + sweep.distrust);
  }
  if (!reports.empty()) {
    graded.status = GradedStatus::failed;
    add_sweep_reports(graded, kind, reports);
  }
  return graded;
}

void add_asan_diagnosis(GradedKind& kind, const TestRun& named, const std::string& stopped_test,
                        RunEnd how) {
  const std::string what =
      how == RunEnd::crashed ? "what the crash was, from " : "what came before the hang, from ";
  for (const SanitizerReport& report : named.result.sanitizer_reports) {
    const auto in_test = [&](const std::string& name) {
      return std::find_if(kind.tests.begin(), kind.tests.end(),
                          [&](const GradedTest& test) { return test.name == name; });
    };
    auto test = in_test(report.test);
    if (test == kind.tests.end()) {
      test = in_test(stopped_test);
    }
    if (test == kind.tests.end() || !counts_in(SweepSanitizer::address, report)) {
      continue;
    }
    test->evidence.push_back(
        what + std::string(report.sanitizer()) +
        " (the same tests, run again built with AddressSanitizer and UndefinedBehaviorSanitizer):");
    add_lines(test->evidence, report.lines, report.lines.size());
  }
}

void rescore_kind(GradedKind& kind, double weight) {
  const auto count_graded = [&](bool guards) {
    return static_cast<double>(
        std::count_if(kind.tests.begin(), kind.tests.end(), [guards](const GradedTest& test) {
          return test.status != GradedStatus::ungraded && test.guard == guards;
        }));
  };
  const double tasks = count_graded(false);
  // A kind made only of guards (not expected) shares its weight among them like task tests.
  const bool guards_earn = tasks == 0;
  const double shares = guards_earn ? count_graded(true) : tasks;
  kind.ungraded = shares == 0;
  kind.max_score = weight;
  // Nothing could be measured here (speedup on one core, or on a machine too busy to show even
  // the reference's speedup): the points are given, and the report says "not measured". A
  // correct solution must never lose points to the machine.
  kind.score = kind.ungraded ? weight : 0.0;
  const double share = kind.ungraded ? 0.0 : weight / shares;
  for (GradedTest& test : kind.tests) {
    const bool passed = test.status == GradedStatus::passed;
    if (test.status == GradedStatus::ungraded) {
      test.max_score = test.score = 0.0;
    } else if (test.guard && !guards_earn) {
      // The stubs pass a guard: passing it earns nothing, breaking it costs a task's share.
      test.max_score = 0.0;
      test.score = passed ? 0.0 : -share;
    } else {
      test.max_score = share;
      test.score = passed ? share : 0.0;
    }
    kind.score += test.score;
  }
  kind.score = std::max(kind.score, 0.0);
}

GradedKind judge_kind(const std::string& kind, double weight, const std::vector<TestRun>& runs,
                      const Lab& lab) {
  GradedKind graded;
  graded.kind = kind;
  const std::vector<std::string> names =
      runs.empty() ? std::vector<std::string>{} : runs.front().expected_tests;
  for (const std::string& name : names) {
    GradedTest test;
    test.name = name;
    test.kind = kind;
    test.guard = lab.is_guard(name);
    bool measured = false;
    for (const TestRun& run : runs) {
      measured = judge_in_run(test, run) || measured;
    }
    // A test one run skipped (a speedup attempt on a busy machine, a test ThreadSanitizer
    // cannot host) and another run passed was measured: the skip does not make it ungraded.
    if (test.status == GradedStatus::ungraded && measured) {
      test.status = GradedStatus::passed;
    }
    if (test.status == GradedStatus::passed) {
      test.evidence.clear();
    } else if (test.guard) {
      test.evidence.emplace_back(
          "this test passes on the untouched stubs: it checks that what already worked still "
          "works, and breaking it costs as much as a task test");
    }
    graded.tests.push_back(std::move(test));
  }
  rescore_kind(graded, weight);
  return graded;
}

GradedKind judge_unbuilt(const std::string& kind, double weight,
                         const std::vector<std::string>& tests,
                         const std::vector<std::string>& why) {
  GradedKind graded;
  graded.kind = kind;
  // Guards are not marked: with nothing built, every test is simply lost.
  for (const std::string& name : tests) {
    graded.tests.push_back(GradedTest{name, kind, GradedStatus::not_run, 0.0, 0.0, why});
  }
  if (tests.empty()) {  // not even the reference's list: one stand-in for the whole kind
    graded.tests.push_back(GradedTest{"(build)", kind, GradedStatus::not_run, 0.0, 0.0, why});
  }
  rescore_kind(graded, weight);
  graded.ungraded = false;
  graded.max_score = weight;
  return graded;
}

void total_lab(GradedLab& lab) {
  lab.score = 0.0;
  lab.max_score = 0.0;
  for (const GradedKind& kind : lab.kinds) {
    lab.score += kind.score;
    lab.max_score += kind.max_score;
  }
}

void total_grade(Grade& grade) {
  grade.score = 0.0;
  grade.max_score = 0.0;
  for (const GradedLab& lab : grade.labs) {
    grade.score += lab.score;
    grade.max_score += lab.max_score;
  }
}

}  // namespace conclab::grading
