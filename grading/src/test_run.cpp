#include "conclab/grading/test_run.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <stdexcept>

#include "conclab/grading/sandbox.hpp"
#include "conclab/grading/sandbox_user.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

namespace fs = std::filesystem;

/// Output kept from one run: enough for every report, never a flood.
constexpr std::size_t kOutputCap = std::size_t{1} << 20U;
/// AddressSanitizer's settings for a graded run. It reserves terabytes of address space, so
/// the sandbox's address-space limit cannot hold it: the sanitizer's own resident-memory limit
/// stops a memory hog instead. Leak checks are off (they need ptrace, and a leak is no
/// concurrency bug); a use of a local whose function has returned is caught too.
constexpr std::string_view kAsanOptions =
    "hard_rss_limit_mb=4096:detect_leaks=0:detect_stack_use_after_return=1";

/// The sandbox a student's test runs in, as `user` (see SandboxUser) when there is one.
Sandbox student_sandbox(bool sanitized, const std::optional<SandboxUser>& user) {
  Sandbox sandbox;
  if (user) {
    sandbox.run_as = user->ids();
  }
  if (sanitized) {
    sandbox.address_space_bytes.reset();
  }
  return sandbox;
}

std::vector<std::string> launcher_command(const RepoLayout& layout, const TestRunRequest& request,
                                          const fs::path& report) {
  std::vector<std::string> argv = {layout.test_launcher().string()};
  if (request.chaos_runs > 0 && fs::exists(request.chaos_library)) {
    argv.insert(argv.end(), {"--chaos", std::to_string(request.chaos_runs), "--chaos-library",
                             request.chaos_library.string()});
  }
  argv.insert(argv.end(), {"--", request.executable.string(),
                           "--gtest_output=json:" + report.string(), "--gtest_color=no"});
  return argv;
}

/// "chaos run 3 of 10 failed with CONCLAB_CHAOS_SEED=3 ..." from the launcher's line, without
/// its replay command (whose paths are the grader's scratch folders).
std::string chaos_line_of(const std::string& output) {
  for (const std::string& line : split_lines(output)) {
    if (line.starts_with("conclab chaos: run ") && line.find(" failed ") != std::string::npos) {
      const std::string what = line.substr(std::string_view("conclab ").size());
      return what.substr(0, what.find(';')) +
             " (that seed replays the same schedule: set it when you run the test yourself)";
    }
  }
  return "";
}

/// Why the report cannot be believed, or "": it must name only the suite's tests, each once,
/// and a run that exited 0 must not be hiding a failure it printed, nor a failing exit behind
/// an all-passed report (both are what a forged report looks like).
std::string check_report(const TestRun& run, const RunResult& process) {
  const std::set<std::string> expected(run.expected_tests.begin(), run.expected_tests.end());
  std::set<std::string> seen;
  for (const TestResult& test : run.result.tests) {
    if (!expected.contains(test.full_name())) {
      return "the run reported a test the suite does not have (" + test.full_name() + ")";
    }
    if (!seen.insert(test.full_name()).second) {
      return "the run reported " + test.full_name() + " twice";
    }
  }
  const bool report_all_passed = run.result.end == RunEnd::completed && run.result.failing() == 0 &&
                                 seen.size() == expected.size();
  if (report_all_passed && process.exit_code != 0 && process.exit_code != 77) {
    return "the report says every test passed, but the run " + describe_exit(process);
  }
  return "";
}

}  // namespace

std::vector<std::string> list_tests(const fs::path& executable) {
  RunOptions options;
  options.argv = {executable.string(), "--gtest_list_tests"};
  options.timeout = std::chrono::seconds(30);
  options.capture_stderr = false;
  const RunResult result = run(options);
  if (!result.succeeded()) {
    throw std::runtime_error("cannot list the tests of " + executable.string() + ": " +
                             describe_exit(result));
  }
  std::vector<std::string> names;
  std::string suite;
  for (const std::string& line : split_lines(result.output)) {
    const std::string name = line.substr(0, line.find('#'));
    if (trim(name).empty()) {
      continue;
    }
    if (!line.starts_with(' ')) {
      suite = std::string(trim(name));
    } else {
      names.push_back(suite + std::string(trim(name)));
    }
  }
  return names;
}

TestRun run_graded_test(const RepoLayout& layout, const TestRunRequest& request) {
  TestRun run;
  run.expected_tests = list_tests(request.reference);
  fs::remove_all(request.scratch);
  fs::create_directories(request.scratch);
  const fs::path report = request.scratch / "report.json";

  RunOptions options;
  options.argv = launcher_command(layout, request, report);
  options.working_dir = request.scratch;
  options.timeout = request.timeout;
  options.output_cap = kOutputCap;
  options.env = {{"TMPDIR", request.scratch.string()},
                 {"HOME", request.scratch.string()},
                 {"ASAN_OPTIONS", std::string(kAsanOptions)},
                 {"UBSAN_OPTIONS", "print_stacktrace=1"}};
  // A user of its own, held until the run has ended: no neighbour shares its process limit.
  const std::optional<SandboxUser> user = request.sandboxed ? SandboxUser::lease() : std::nullopt;
  if (request.sandboxed) {
    options.sandbox = student_sandbox(request.sanitized, user);
    hand_over(request.scratch, *options.sandbox);
  }
  const RunResult process = run_tool(options);

  auto parsed = read_gtest_report(report);
  run.result = interpret_kind_run(request.kind, process, parsed, layout.root(), request.build_dir);
  for (TestResult& test : run.result.tests) {  // "labs/01-.../tests/x_test.cpp:42", not /work/...
    for (std::string& failure : test.failures) {
      failure = relative_to_root(failure, layout.root());
    }
  }
  run.result.expected_total = std::max(run.result.expected_total, run.expected_tests.size());
  run.chaos_line = chaos_line_of(process.output);
  run.distrust = check_report(run, process);
  return run;
}

}  // namespace conclab::grading
