#include "conclab/grading/grade.hpp"

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

}  // namespace conclab::grading
