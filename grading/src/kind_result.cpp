#include "conclab/grading/kind_result.hpp"

#include <algorithm>
#include <csignal>

#include "conclab/grading/gtest_console.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

/// How many of the last lines of a run's output are kept for its report.
constexpr std::size_t kKeptOutputLines = 15;
constexpr int kShellSignalBase = 128;  // a shell reports "killed by signal N" as 128 + N

std::vector<std::string> watchdog_lines(std::string_view output) {
  std::vector<std::string> lines;
  for (std::string& line : split_lines(output)) {
    if (line.starts_with(kWatchdogReportPrefix)) {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

/// The signal that ended the run, reading the launcher's 128 + N exit codes as signals.
std::optional<int> signal_of(const RunResult& run) {
  if (!run.signal && run.exit_code > kShellSignalBase && run.exit_code < kShellSignalBase + NSIG) {
    return run.exit_code - kShellSignalBase;
  }
  return run.signal;
}

/// How the process ended, e.g. "was killed by signal 11 (Segmentation fault)".
std::string exit_description(const RunResult& run) {
  RunResult as_signal = run;
  as_signal.signal = signal_of(run);
  return describe_exit(as_signal);
}

/// The last lines worth reading: GoogleTest's "[----------]" rules and blank lines left out.
std::vector<std::string> output_tail(const std::string& output) {
  std::vector<std::string> lines;
  for (std::string& line : split_lines(output)) {
    if (!trim(line).empty() && !line.starts_with("[----------]")) {
      lines.push_back(std::move(line));
    }
  }
  if (lines.size() > kKeptOutputLines) {
    lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(kKeptOutputLines));
  }
  return lines;
}

TestStatus to_test_status(ConsoleStatus status) {
  switch (status) {
    case ConsoleStatus::passed:
      return TestStatus::passed;
    case ConsoleStatus::skipped:
      return TestStatus::skipped;
    default:
      return TestStatus::failed;
  }
}

/// The finished tests as the printed output shows them, for runs without a JSON report.
std::vector<TestResult> tests_from_console(const ConsoleRun& console) {
  std::vector<TestResult> tests;
  for (const ConsoleTest& test : console.tests) {
    if (test.status == ConsoleStatus::running) {
      continue;
    }
    const std::size_t dot = test.full_name.find('.');
    TestResult result;
    result.suite = test.full_name.substr(0, dot);
    result.name = dot == std::string::npos ? "" : test.full_name.substr(dot + 1);
    result.status = to_test_status(test.status);
    result.failures = test.failures();
    result.skip_message = test.skip_message();
    tests.push_back(std::move(result));
  }
  return tests;
}

/// Skip messages are only in the printed output for older GoogleTest versions.
void add_skip_messages(std::vector<TestResult>& tests, const ConsoleRun& console) {
  for (TestResult& test : tests) {
    if (test.status == TestStatus::skipped && test.skip_message.empty()) {
      if (const ConsoleTest* printed = console.find(test.full_name())) {
        test.skip_message = printed->skip_message();
      }
    }
  }
}

/// A test during which a sanitizer reported counts as failed, whatever GoogleTest said.
void fail_tests_with_sanitizer_reports(std::vector<TestResult>& tests,
                                       const std::vector<SanitizerReport>& reports) {
  for (TestResult& test : tests) {
    const std::string name = test.full_name();
    if (std::any_of(reports.begin(), reports.end(),
                    [&](const SanitizerReport& report) { return report.test == name; })) {
      test.status = TestStatus::failed;
    }
  }
}

bool has_failure(const std::vector<TestResult>& tests) {
  return std::any_of(tests.begin(), tests.end(),
                     [](const TestResult& test) { return test.status == TestStatus::failed; });
}

RunEnd classify(const RunResult& run, const std::optional<GtestReport>& report,
                const KindResult& result) {
  if (run.interrupted) {
    return RunEnd::interrupted;
  }
  if (run.timed_out) {
    return RunEnd::timed_out;
  }
  if (run.exit_code == kWatchdogExitCode || !result.watchdog_lines.empty()) {
    return RunEnd::watchdog;
  }
  if (!report || report->tests.size() < result.expected_total) {
    return RunEnd::crashed;
  }
  // A complete report and a failing exit code must agree: failures, or sanitizer reports.
  const bool explained = has_failure(result.tests) || !result.sanitizer_reports.empty();
  return run.exit_code == 0 || explained ? RunEnd::completed : RunEnd::crashed;
}

}  // namespace

std::size_t KindResult::passed() const {
  return static_cast<std::size_t>(
      std::count_if(tests.begin(), tests.end(),
                    [](const TestResult& t) { return t.status == TestStatus::passed; }));
}

std::size_t KindResult::skipped() const {
  return static_cast<std::size_t>(
      std::count_if(tests.begin(), tests.end(),
                    [](const TestResult& t) { return t.status == TestStatus::skipped; }));
}

std::size_t KindResult::failing() const {
  const std::size_t finished = passed() + skipped();
  const std::size_t known = std::max(expected_total, tests.size());
  const std::size_t not_passing = known > finished ? known - finished : 0;
  const bool clean = end == RunEnd::completed && stray_sanitizer_reports().empty();
  return clean ? not_passing : std::max<std::size_t>(not_passing, 1);
}

std::size_t KindResult::total() const {
  return passed() + skipped() + failing();
}

std::vector<SanitizerReport> KindResult::sanitizer_reports_of(std::string_view full_name) const {
  std::vector<SanitizerReport> found;
  std::copy_if(sanitizer_reports.begin(), sanitizer_reports.end(), std::back_inserter(found),
               [&](const SanitizerReport& report) { return report.test == full_name; });
  return found;
}

std::vector<SanitizerReport> KindResult::stray_sanitizer_reports() const {
  std::vector<SanitizerReport> stray;
  std::copy_if(sanitizer_reports.begin(), sanitizer_reports.end(), std::back_inserter(stray),
               [&](const SanitizerReport& report) {
                 return (report.test.empty() || report.test != unfinished_test) &&
                        std::none_of(tests.begin(), tests.end(), [&](const TestResult& test) {
                          return test.full_name() == report.test;
                        });
               });
  return stray;
}

KindResult interpret_kind_run(std::string_view kind, const RunResult& run,
                              const std::optional<GtestReport>& report,
                              const std::filesystem::path& root,
                              const std::filesystem::path& build_dir) {
  const ConsoleRun console = parse_gtest_console(run.output);
  KindResult result;
  result.kind = std::string(kind);
  result.tests = report ? report->tests : tests_from_console(console);
  add_skip_messages(result.tests, console);
  result.sanitizer_reports = extract_sanitizer_reports(run.output, root, build_dir);
  fail_tests_with_sanitizer_reports(result.tests, result.sanitizer_reports);
  result.expected_total = std::max(console.announced_total.value_or(0), result.tests.size());
  result.watchdog_lines = watchdog_lines(run.output);
  if (const ConsoleTest* unfinished = console.unfinished()) {
    result.unfinished_test = unfinished->full_name;
  }
  result.end = classify(run, report, result);
  result.exit_description = exit_description(run);
  result.signal = signal_of(run);
  if (result.end != RunEnd::completed) {
    result.output_tail = output_tail(relative_to_root(run.output, root));
  }
  return result;
}

}  // namespace conclab::grading
