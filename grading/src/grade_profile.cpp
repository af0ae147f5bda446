#include "conclab/grading/grade_profile.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

/// One line of the table: the step, its seconds and its share of `total`.
std::string step_line(const std::string& what, double seconds, double total, std::size_t width) {
  const double percent = total > 0.0 ? 100.0 * seconds / total : 0.0;
  std::string line = "  " + what + std::string(width - what.size() + 2, ' ');
  const std::string figure = format_fixed(seconds, 1) + " s";
  line += std::string(8 - std::min<std::size_t>(figure.size(), 8), ' ') + figure;
  line += "  " + std::to_string(static_cast<int>(std::lround(percent))) + "%\n";
  return line;
}

std::string lab_profile(const GradedLab& lab) {
  constexpr std::string_view kRest = "the rest (staging, judging, reports)";
  // A step that overlapped others: shown, but not counted in the lab's sum.
  constexpr std::string_view kBeside = "  beside: ";
  std::size_t width = kRest.size();
  double accounted = 0.0;
  for (const GradeStep& step : lab.steps) {
    width = std::max(width, step.what.size() + (step.beside ? kBeside.size() : 0));
    accounted += step.beside ? 0.0 : step.seconds;
  }
  std::string text =
      "where the " + format_fixed(lab.seconds, 1) + " s of lab " + lab.id + " went:\n";
  for (const GradeStep& step : lab.steps) {
    text += step_line(step.beside ? std::string(kBeside) + step.what : step.what, step.seconds,
                      lab.seconds, width);
  }
  text += step_line(std::string(kRest), std::max(0.0, lab.seconds - accounted), lab.seconds, width);
  return text;
}

/// A step's name without what varies between gradings: "speedup tests (attempt 2)" and
/// "deadlock tests (and 10 chaos runs)" are "speedup tests" and "deadlock tests".
std::string step_kind(const std::string& what) {
  const std::size_t bracket = what.find(" (");
  return bracket == std::string::npos ? what : what.substr(0, bracket);
}

}  // namespace

void StepTotals::add(const GradedLab& lab) {
  gradings_seconds_ += lab.seconds;
  for (const GradeStep& step : lab.steps) {
    const std::string kind = step_kind(step.what);
    seconds_[kind] += step.seconds;
    beside_[kind] = step.beside;
  }
}

std::string StepTotals::text() const {
  std::vector<std::pair<std::string, double>> rows(seconds_.begin(), seconds_.end());
  std::stable_sort(rows.begin(), rows.end(), [this](const auto& left, const auto& right) {
    const bool left_beside = beside_.at(left.first);
    return left_beside != beside_.at(right.first) ? !left_beside : left.second > right.second;
  });
  constexpr std::string_view kBeside = "beside: ";
  std::size_t width = 0;
  for (const auto& [what, seconds] : rows) {
    width = std::max(width, what.size() + (beside_.at(what) ? kBeside.size() : 0));
  }
  std::string text = "where the gradings' " + format_fixed(gradings_seconds_, 1) +
                     " s went (seconds summed over gradings, some of them at once):\n";
  for (const auto& [what, seconds] : rows) {
    text += step_line(beside_.at(what) ? std::string(kBeside) + what : what, seconds,
                      gradings_seconds_, width);
  }
  return text;
}

std::string profile_text(const Grade& grade) {
  std::string text;
  for (const GradedLab& lab : grade.labs) {
    text += lab_profile(lab);
  }
  return text;
}

}  // namespace conclab::grading
