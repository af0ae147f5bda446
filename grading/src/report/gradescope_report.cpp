#include "conclab/grading/report/gradescope_report.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "conclab/grading/text.hpp"
#include "report_common.hpp"

namespace conclab::grading {

using Json = nlohmann::json;

namespace {

using namespace report_detail;

// ---------------------------------------------------------------------------------------------
// Gradescope.

std::string gradescope_output(const GradedTest& test) {
  const std::string evidence = join(evidence_lines(test), "\n");
  if (test.status == GradedStatus::ungraded) {
    return "Not measured on the grading machine, so it counts for nobody; the grade is "
           "provisional until it is graded again on a quiet machine." +
           (evidence.empty() ? "" : "\n" + evidence);
  }
  if (test.status == GradedStatus::not_run && evidence.empty()) {
    return "This test did not run.";
  }
  return evidence;
}

Json gradescope_test(const GradedLab& lab, const GradedKind& kind, const GradedTest& test) {
  const bool ungraded = test.status == GradedStatus::ungraded;
  return {{"name", lab_label(lab) + " · " + kind.kind + " · " + test.name},
          {"name_format", "text"},
          {"score", ungraded ? 0.0 : test.score},
          {"max_score", ungraded ? 0.0 : test.max_score},
          {"status", lost_points(test) ? "failed" : "passed"},
          {"output", gradescope_output(test)},
          {"tags", Json::array({kind.kind, lab_key(lab)})},
          {"visibility", "visible"}};
}

}  // namespace

Json to_gradescope(const Grade& grade) {
  Json tests = Json::array();
  for (const GradedLab& lab : grade.labs) {
    for (const GradedKind& kind : lab.kinds) {
      for (const GradedTest& test : kind.tests) {
        tests.push_back(gradescope_test(lab, kind, test));
      }
    }
  }
  return {{"score", grade.score},
          {"execution_time", std::llround(std::max(grade.seconds, 0.0))},
          {"output", text_summary(grade)},
          {"stdout_visibility", "visible"},
          {"tests", std::move(tests)}};
}

}  // namespace conclab::grading
