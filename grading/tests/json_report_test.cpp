#include "conclab/grading/report/json_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

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

TEST_CASE("the JSON of a grade reads back exactly") {
  Grade grade = sample_grade();
  grade.labs[0].kinds[0].tests[0].score = 1.0 / 3.0;  // needs every digit to survive
  grade.seconds = 0.1 + 0.2;
  grade.problems = {"a problem"};
  const json written = conclab::grading::to_json(grade);
  CHECK(written["format"] == "conclab-grade-1");

  const Grade read = conclab::grading::grade_from_json(json::parse(written.dump()));
  CHECK(conclab::grading::to_json(read) == written);
  CHECK(read.submission == "alice");
  CHECK(read.content_hash == grade.content_hash);
  CHECK(read.graded_at == grade.graded_at);
  CHECK(read.seconds == 0.1 + 0.2);
  CHECK(read.problems == grade.problems);
  REQUIRE(read.labs.size() == 1);
  const GradedLab& lab = read.labs[0];
  CHECK(lab.dir_name == "01-threads-and-locks");
  CHECK(lab.files_missing == std::vector<std::string>{"threads.cpp"});
  REQUIRE(lab.kinds.size() == 3);
  CHECK(lab.kinds[0].tests[0].score == 1.0 / 3.0);
  CHECK(lab.kinds[0].tests[1].status == GradedStatus::failed);
  CHECK(lab.kinds[0].tests[1].evidence == grade.labs[0].kinds[0].tests[1].evidence);
  CHECK(lab.kinds[1].tests[0].evidence[0] == kHostileEvidence);
  CHECK(lab.kinds[2].ungraded);
  CHECK(lab.kinds[2].tests[0].status == GradedStatus::ungraded);

  const Grade broken = conclab::grading::grade_from_json(conclab::grading::to_json(broken_grade()));
  CHECK(broken.labs[0].compile_error == broken_grade().labs[0].compile_error);
  CHECK(broken.labs[0].kinds[0].tests[0].status == GradedStatus::not_run);
}

TEST_CASE("the JSON of a grade says whether it is provisional, and older documents read back") {
  const json written = conclab::grading::to_json(sample_grade());
  CHECK(written["provisional"] == true);
  CHECK(written["labs"][0]["provisional"] == true);
  const json broken = conclab::grading::to_json(broken_grade());
  CHECK(broken["provisional"] == false);
  CHECK(broken["labs"][0]["provisional"] == false);

  json older = written;  // as conclab wrote it before grades could be provisional
  older.erase("provisional");
  older["labs"][0].erase("provisional");
  const Grade read = conclab::grading::grade_from_json(older);
  CHECK(read.provisional());
  CHECK(conclab::grading::to_json(read) == written);
}

TEST_CASE("malformed grade JSON is refused, naming the field") {
  using conclab::grading::grade_from_json;
  const json good = conclab::grading::to_json(sample_grade());

  CHECK_THROWS_WITH_AS(static_cast<void>(grade_from_json(json::array())),
                       doctest::Contains("expected an object"), std::runtime_error);
  json other_format = good;
  other_format["format"] = "conclab-grade-2";
  CHECK_THROWS_WITH_AS(static_cast<void>(grade_from_json(other_format)),
                       doctest::Contains("conclab-grade-2"), std::runtime_error);
  json no_status = good;
  no_status["labs"][0]["kinds"][0]["tests"][1].erase("status");
  CHECK_THROWS_WITH_AS(static_cast<void>(grade_from_json(no_status)),
                       doctest::Contains("labs[0].kinds[0].tests[1].status: missing"),
                       std::runtime_error);
  json odd_status = good;
  odd_status["labs"][0]["kinds"][1]["tests"][0]["status"] = "exploded";
  CHECK_THROWS_WITH_AS(static_cast<void>(grade_from_json(odd_status)),
                       doctest::Contains("\"exploded\""), std::runtime_error);
  json text_score = good;
  text_score["labs"][0]["score"] = "2.5";
  CHECK_THROWS_WITH_AS(static_cast<void>(grade_from_json(text_score)),
                       doctest::Contains("labs[0].score: expected number, got string"),
                       std::runtime_error);
  json number_in_evidence = good;
  number_in_evidence["labs"][0]["kinds"][0]["tests"][1]["evidence"][1] = 7;
  CHECK_THROWS_WITH_AS(static_cast<void>(grade_from_json(number_in_evidence)),
                       doctest::Contains("labs[0].kinds[0].tests[1].evidence[1]"),
                       std::runtime_error);
}

TEST_CASE("the JSON of a grade keeps its flags and steps, and reads documents without them") {
  Grade grade = sample_grade();
  grade.labs[0].flags = {"counters.cpp:3: reads the harness's command line: `x`"};
  grade.labs[0].steps = {{"build", 12.5}, {"race tests under ThreadSanitizer", 3.25, true}};
  const json written = conclab::grading::to_json(grade);
  CHECK(written["flagged"] == true);
  const Grade read = conclab::grading::grade_from_json(written);
  CHECK(read.labs[0].flags == grade.labs[0].flags);
  REQUIRE(read.labs[0].steps.size() == 2);
  CHECK(read.labs[0].steps[1].what == "race tests under ThreadSanitizer");
  CHECK(read.labs[0].steps[1].seconds == 3.25);
  CHECK(read.labs[0].steps[1].beside);
  CHECK_FALSE(read.labs[0].steps[0].beside);

  json older = written;  // as conclab wrote it before flags and steps
  older["labs"][0].erase("flags");
  older["labs"][0].erase("steps");
  const Grade old = conclab::grading::grade_from_json(older);
  CHECK(old.labs[0].flags.empty());
  CHECK(old.labs[0].steps.empty());
  CHECK_FALSE(old.flagged());

  json before_overlap = written;  // steps written before they could run beside each other
  before_overlap["labs"][0]["steps"][1].erase("beside");
  CHECK_FALSE(conclab::grading::grade_from_json(before_overlap).labs[0].steps[1].beside);
}
