#include "conclab/grading/grade.hpp"

#include <algorithm>

namespace conclab::grading {

std::string to_string(GradedStatus status) {
  switch (status) {
    case GradedStatus::passed:
      return "passed";
    case GradedStatus::failed:
      return "failed";
    case GradedStatus::not_run:
      return "not run";
    case GradedStatus::ungraded:
      return "ungraded";
  }
  return "unknown";
}

bool GradedKind::unmeasured() const {
  return ungraded || std::any_of(tests.begin(), tests.end(), [](const GradedTest& test) {
           return test.status == GradedStatus::ungraded;
         });
}

bool GradedLab::provisional() const {
  return std::any_of(kinds.begin(), kinds.end(),
                     [](const GradedKind& kind) { return kind.unmeasured(); });
}

bool Grade::provisional() const {
  return std::any_of(labs.begin(), labs.end(),
                     [](const GradedLab& lab) { return lab.provisional(); });
}

bool Grade::flagged() const {
  return std::any_of(labs.begin(), labs.end(),
                     [](const GradedLab& lab) { return !lab.flags.empty(); });
}

}  // namespace conclab::grading
