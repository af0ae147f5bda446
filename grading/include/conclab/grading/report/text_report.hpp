/// @file text_report.hpp
/// @brief The text report of a grade: what a person reads in a terminal.
#pragma once

#include <string>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The grade as a person reads it in a terminal: problems first, then per lab a header line,
/// missing files, the compile error, one line per kind and, under each kind, the tests that
/// failed or did not run with their evidence; the last line is the total, and above it a
/// provisional grade (Grade::provisional) says which kinds were not measured ("PROVISIONAL: lab
/// 01 speedup was not measured on this machine; re-grade on a quiet machine"). With `color`, ANSI
/// colors mark what passed (green), failed (red) and could not be measured (yellow). Control
/// characters in the submission's text are dropped, so student output cannot drive the
/// terminal.
[[nodiscard]] std::string format_text(const Grade& grade, bool color);

}  // namespace conclab::grading
