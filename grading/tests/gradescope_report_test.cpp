#include "conclab/grading/report/gradescope_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "report_samples.hpp"

using conclab::grading::Grade;
using conclab::grading::GradedKind;
using conclab::grading::GradedLab;
using conclab::grading::GradedStatus;
using conclab::grading::GradedTest;
using conclab::grading::testing::broken_grade;
using conclab::grading::testing::contains;
using conclab::grading::testing::kHostileEvidence;
using conclab::grading::testing::sample_grade;
using nlohmann::json;

TEST_CASE("Gradescope results have the specification's fields and add up") {
  Grade grade = sample_grade();
  grade.seconds = 12.6;
  const json results = conclab::grading::to_gradescope(grade);

  CHECK(results["score"] == 2.5);
  CHECK(results["execution_time"].is_number_integer());
  CHECK(results["execution_time"] == 13);
  CHECK(results["stdout_visibility"] == "visible");
  CHECK_FALSE(results.contains("leaderboard"));
  CHECK(contains(results["output"].get<std::string>(), "threads.cpp"));
  CHECK(contains(results["output"].get<std::string>(), "total 2.5 / 10"));

  const json& tests = results["tests"];
  REQUIRE(tests.size() == 4);
  double sum = 0.0;
  for (const json& test : tests) {
    sum += test["score"].get<double>();
    CHECK(test["name_format"] == "text");
    CHECK(test["visibility"] == "visible");
    CHECK((test["status"] == "passed" || test["status"] == "failed"));
    CHECK(test["max_score"].is_number());
  }
  CHECK(sum == doctest::Approx(results["score"].get<double>()));

  const json& failed = tests[1];
  CHECK(failed["name"] == "lab 01 · correctness · Counter.Concurrent");
  CHECK(failed["status"] == "failed");
  CHECK(failed["score"] == 0.0);
  CHECK(failed["max_score"] == 2.5);
  CHECK(failed["output"] == "expected 4000, got 3987\nchaos seed 42 replays it");
  CHECK(failed["tags"] == json::array({"correctness", "lab01"}));

  const json& ungraded = tests[3];
  CHECK(ungraded["status"] == "passed");
  CHECK(ungraded["score"] == 0.0);
  CHECK(ungraded["max_score"] == 0.0);
  CHECK(contains(ungraded["output"].get<std::string>(), "only 1 core available"));
}

TEST_CASE("Gradescope results of a provisional grade say so, and what was not measured") {
  const json results = conclab::grading::to_gradescope(sample_grade());
  CHECK(contains(results["output"].get<std::string>(),
                 "PROVISIONAL: lab 01 speedup was not measured on this machine"));
  const json& ungraded = results["tests"][3];
  CHECK(contains(ungraded["output"].get<std::string>(), "the grade is provisional"));
  CHECK_FALSE(contains(results["tests"][1]["output"].get<std::string>(), "provisional"));
  // Only Gradescope's own fields, so the document stays valid.
  for (const auto& [key, value] : results.items()) {
    CHECK((key == "score" || key == "execution_time" || key == "output" ||
           key == "stdout_visibility" || key == "tests"));
  }
  CHECK_FALSE(contains(conclab::grading::to_gradescope(broken_grade())["output"].get<std::string>(),
                       "PROVISIONAL"));
}

TEST_CASE("Gradescope output mentions problems and compile errors") {
  const json results = conclab::grading::to_gradescope(broken_grade());
  const std::string output = results["output"].get<std::string>();
  CHECK(contains(output, "would not unpack"));
  CHECK(contains(output, "does not compile"));
  CHECK(contains(output, "expected ';' before 'return'"));
  CHECK(results["tests"][0]["status"] == "failed");
  CHECK(results["tests"][0]["output"] == "the code did not compile");
}
