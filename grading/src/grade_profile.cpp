#include "conclab/grading/grade_profile.hpp"

#include <algorithm>
#include <cmath>

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

}  // namespace

std::string profile_text(const Grade& grade) {
  std::string text;
  for (const GradedLab& lab : grade.labs) {
    text += lab_profile(lab);
  }
  return text;
}

}  // namespace conclab::grading
