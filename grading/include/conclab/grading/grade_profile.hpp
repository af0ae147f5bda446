/// @file grade_profile.hpp
/// @brief `conclab grade --profile`: where a grading's seconds went, step by step (builds,
/// each kind's test runs, speedup measurements, waits for the machine), so that the cost of a
/// grading can be seen and cut without guessing.
#pragma once

#include <string>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The steps of every lab of `grade` as a table: one line per step with its seconds and its
/// share of the lab's time, then what no step accounts for (staging, judging, reports).
[[nodiscard]] std::string profile_text(const Grade& grade);

}  // namespace conclab::grading
