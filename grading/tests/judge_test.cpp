#include "conclab/grading/judge.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include <string>
#include <vector>

namespace {

using conclab::grading::GradedKind;
using conclab::grading::GradedStatus;
using conclab::grading::judge_kind;
using conclab::grading::judge_unbuilt;
using conclab::grading::Lab;
using conclab::grading::RunEnd;
using conclab::grading::SweepSanitizer;
using conclab::grading::TestResult;
using conclab::grading::TestRun;
using conclab::grading::TestStatus;

TestResult result(const std::string& suite, const std::string& name, TestStatus status) {
  TestResult test;
  test.suite = suite;
  test.name = name;
  test.status = status;
  if (status == TestStatus::failed) {
    test.failures = {"queue_test.cpp:12\nExpected equality"};
  }
  return test;
}

/// A run of the suite Queue with tests A, B, C and the guard Keeps, passing those in `passing`.
TestRun run_passing(const std::vector<std::string>& passing) {
  TestRun run;
  run.expected_tests = {"Queue.A", "Queue.B", "Queue.C", "Queue.Keeps"};
  for (const std::string& full : run.expected_tests) {
    const std::string name = full.substr(full.find('.') + 1);
    const bool passed = std::find(passing.begin(), passing.end(), name) != passing.end();
    run.result.tests.push_back(
        result("Queue", name, passed ? TestStatus::passed : TestStatus::failed));
  }
  run.result.expected_total = run.expected_tests.size();
  return run;
}

Lab lab_with_guard() {
  Lab lab;
  lab.guards = {"Queue.Keeps"};
  return lab;
}

}  // namespace

TEST_CASE("a kind's weight is shared by its tests, and a test earns its share only if it passed") {
  const GradedKind kind = judge_kind("correctness", 30, {run_passing({"A", "B", "Keeps"})}, Lab{});
  REQUIRE(kind.tests.size() == 4);
  CHECK(kind.max_score == doctest::Approx(30));
  CHECK(kind.score == doctest::Approx(22.5));
  CHECK(kind.tests[2].status == GradedStatus::failed);
  CHECK(kind.tests[2].max_score == doctest::Approx(7.5));
  CHECK_FALSE(kind.tests[2].evidence.empty());
  CHECK(kind.tests[0].evidence.empty());
}

TEST_CASE("a test must pass in every run: a failure in a second run loses its share") {
  const GradedKind kind = judge_kind(
      "race", 20, {run_passing({"A", "B", "C", "Keeps"}), run_passing({"A", "C", "Keeps"})}, Lab{});
  CHECK(kind.score == doctest::Approx(15));
  CHECK(kind.tests[1].status == GradedStatus::failed);
}

TEST_CASE("guards earn nothing when they pass, so the stubs that pass only them score zero") {
  const GradedKind stubs =
      judge_kind("correctness", 30, {run_passing({"Keeps"})}, lab_with_guard());
  CHECK(stubs.score == doctest::Approx(0));
  CHECK(stubs.tests[3].guard);
  CHECK(stubs.tests[3].max_score == doctest::Approx(0));

  const GradedKind solved =
      judge_kind("correctness", 30, {run_passing({"A", "B", "C", "Keeps"})}, lab_with_guard());
  CHECK(solved.score == doctest::Approx(30));
  CHECK(solved.tests[0].max_score == doctest::Approx(10));
}

TEST_CASE("a broken guard costs a task's share, and a kind never goes below zero") {
  const GradedKind broke =
      judge_kind("correctness", 30, {run_passing({"A", "B", "C"})}, lab_with_guard());
  CHECK(broke.score == doctest::Approx(20));
  CHECK(broke.tests[3].score == doctest::Approx(-10));
  CHECK(broke.tests[3].evidence.back().find("untouched stubs") != std::string::npos);

  const GradedKind nothing = judge_kind("correctness", 30, {run_passing({})}, lab_with_guard());
  CHECK(nothing.score == doctest::Approx(0));
}

TEST_CASE("skipped tests are ungraded, and a kind with nothing measured keeps its points") {
  TestRun one_core = run_passing({"A", "B", "C", "Keeps"});
  for (TestResult& test : one_core.result.tests) {
    test.status = TestStatus::skipped;
    test.skip_message = "skipped: 1 core available";
  }
  const GradedKind kind = judge_kind("speedup", 15, {one_core}, Lab{});
  CHECK(kind.ungraded);
  CHECK(kind.score == doctest::Approx(15));
  CHECK(kind.tests[0].status == GradedStatus::ungraded);
}

TEST_CASE("a test one run skipped and another passed is measured; a failure still wins") {
  TestRun skipping = run_passing({"A", "B", "C", "Keeps"});
  skipping.result.tests[0].status = TestStatus::skipped;
  skipping.result.tests[0].skip_message = "skipped: not run under ThreadSanitizer";
  const GradedKind measured =
      judge_kind("race", 20, {run_passing({"A", "B", "C", "Keeps"}), skipping}, Lab{});
  CHECK(measured.tests[0].status == GradedStatus::passed);
  CHECK(measured.tests[0].evidence.empty());
  CHECK_FALSE(measured.ungraded);
  CHECK(measured.score == doctest::Approx(20));

  const GradedKind failed =
      judge_kind("race", 20, {run_passing({"B", "C", "Keeps"}), skipping}, Lab{});
  CHECK(failed.tests[0].status == GradedStatus::failed);

  const GradedKind only_skipped = judge_kind("race", 20, {skipping}, Lab{});
  CHECK(only_skipped.tests[0].status == GradedStatus::ungraded);
}

TEST_CASE("a run that stopped in a test fails that test and leaves the rest not run") {
  TestRun hung = run_passing({"A"});
  hung.result.tests.resize(1);
  hung.result.end = RunEnd::watchdog;
  hung.result.unfinished_test = "Queue.B";
  hung.result.watchdog_lines = {"thread 2 waits on a condition variable"};
  const GradedKind kind = judge_kind("deadlock", 20, {hung}, Lab{});
  CHECK(kind.tests[1].status == GradedStatus::failed);
  CHECK(kind.tests[1].evidence.at(1) == "thread 2 waits on a condition variable");
  CHECK(kind.tests[2].status == GradedStatus::not_run);
  CHECK(kind.score == doctest::Approx(5));
}

TEST_CASE("a report that cannot be believed earns nothing, whatever it says") {
  TestRun forged = run_passing({"A", "B", "C", "Keeps"});
  forged.distrust = "it names a test the suite does not have";
  const GradedKind kind = judge_kind("correctness", 30, {forged}, Lab{});
  CHECK(kind.score == doctest::Approx(0));
}

TEST_CASE("code that does not build loses every test of the kind, with the reason") {
  const GradedKind kind = judge_unbuilt("race", 25, {"Queue.A", "Queue.B"},
                                        {"the code does not compile:", "queue.cpp:3: error"});
  CHECK(kind.score == doctest::Approx(0));
  CHECK(kind.max_score == doctest::Approx(25));
  CHECK_FALSE(kind.ungraded);
  CHECK(kind.tests[0].status == GradedStatus::not_run);
}

TEST_CASE("a data race ThreadSanitizer sees in a correctness test fails a check of the race kind") {
  TestRun sweep = run_passing({"A", "B", "C", "Keeps"});
  sweep.result.sanitizer_reports = {
      {"Queue.B", {"WARNING: ThreadSanitizer: data race", "queue.cpp:7"}}};
  const conclab::grading::GradedTest check =
      conclab::grading::judge_sweep(SweepSanitizer::thread, "correctness", sweep, "race");
  CHECK(check.name == "ThreadSanitizer.CorrectnessTests");
  CHECK(check.kind == "race");
  CHECK(check.status == GradedStatus::failed);
  REQUIRE(check.evidence.size() == 3);
  CHECK(check.evidence[0] ==
        "ThreadSanitizer reported a data race while the correctness test Queue.B ran:");
  CHECK(check.evidence[2] == "queue.cpp:7");
}

TEST_CASE("a sweep's other failures are its own kind's business, but a forged report fails it") {
  TestRun failing = run_passing({"A"});  // assertions failed, but no race was seen
  CHECK(conclab::grading::judge_sweep(SweepSanitizer::thread, "deadlock", failing, "race").status ==
        GradedStatus::passed);
  TestRun forged = run_passing({"A", "B", "C", "Keeps"});
  forged.distrust = "it claims success its exit status denies";
  CHECK(conclab::grading::judge_sweep(SweepSanitizer::thread, "deadlock", forged, "race").status ==
        GradedStatus::failed);
}

TEST_CASE(
    "AddressSanitizer's account of a crash goes to the crashed test, and costs nothing more") {
  TestRun crashed = run_passing({"A"});
  crashed.result.tests.resize(1);
  crashed.result.end = RunEnd::crashed;
  crashed.result.unfinished_test = "Queue.B";
  crashed.result.exit_description = "was killed by signal 11 (Segmentation fault)";
  GradedKind kind = judge_kind("correctness", 20, {crashed}, Lab{});
  const double score = kind.score;
  TestRun named = crashed;
  named.result.sanitizer_reports = {
      {"Queue.B",
       {"ERROR: AddressSanitizer: heap-use-after-free on address 0x6020",
        "  freed by thread T0 here:"}},
      {"Queue.B", {"WARNING: ThreadSanitizer: data race"}}};  // not AddressSanitizer's: left out
  conclab::grading::add_asan_diagnosis(kind, named, "Queue.B", RunEnd::crashed);
  const std::vector<std::string>& evidence = kind.tests[1].evidence;
  REQUIRE(evidence.size() >= 3);
  CHECK(evidence[evidence.size() - 3].starts_with("what the crash was, from AddressSanitizer"));
  CHECK(evidence.back() == "  freed by thread T0 here:");
  CHECK(kind.score == doctest::Approx(score));
}

TEST_CASE("a use after free AddressSanitizer sees in a passing test fails a check of that kind") {
  TestRun sweep = run_passing({"A", "B", "C", "Keeps"});
  sweep.result.sanitizer_reports = {
      {"Queue.C",
       {"ERROR: AddressSanitizer: heap-use-after-free on address 0x6020",
        "  freed by thread T0 here:"}},
      {"Queue.C", {"WARNING: ThreadSanitizer: data race"}}};  // not this sweep's: left out
  const conclab::grading::GradedTest check =
      conclab::grading::judge_sweep(SweepSanitizer::address, "correctness", sweep, "correctness");
  CHECK(check.name == "AddressSanitizer.CorrectnessTests");
  CHECK(check.kind == "correctness");
  CHECK(check.status == GradedStatus::failed);
  REQUIRE(check.evidence.size() == 3);
  CHECK(check.evidence[0] ==
        "AddressSanitizer reported heap-use-after-free while the correctness test Queue.C ran:");
  CHECK(check.evidence[1] == "ERROR: AddressSanitizer: heap-use-after-free on address 0x6020");
}

TEST_CASE("an AddressSanitizer sweep that saw nothing of its own passes") {
  TestRun sweep = run_passing({"A"});  // slower under the sanitizer: its kind's business
  sweep.result.sanitizer_reports = {{"Queue.B", {"WARNING: ThreadSanitizer: data race"}}};
  CHECK(conclab::grading::judge_sweep(SweepSanitizer::address, "race", sweep, "race").status ==
        GradedStatus::passed);
}

TEST_CASE("AddressSanitizer's account of a hang says it came before the hang") {
  TestRun hung = run_passing({"A"});
  hung.result.tests.resize(1);
  hung.result.end = RunEnd::watchdog;
  hung.result.unfinished_test = "Queue.B";
  GradedKind kind = judge_kind("deadlock", 20, {hung}, Lab{});
  TestRun named = hung;
  named.result.sanitizer_reports = {
      {"", {"ERROR: AddressSanitizer: heap-use-after-free on address 0x6020"}}};
  conclab::grading::add_asan_diagnosis(kind, named, "Queue.B", RunEnd::watchdog);
  const std::vector<std::string>& evidence = kind.tests[1].evidence;
  REQUIRE(evidence.size() >= 2);
  CHECK(evidence[evidence.size() - 2].starts_with(
      "what came before the hang, from AddressSanitizer"));
}
