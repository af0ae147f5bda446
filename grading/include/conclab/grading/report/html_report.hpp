/// @file html_report.hpp
/// @brief The self-contained HTML page of a grade, and the page shell the class summary
/// shares.
#pragma once

#include <string>
#include <string_view>

#include "conclab/grading/grade.hpp"

namespace conclab::grading {

/// The grade as one self-contained HTML page (inline CSS, no scripts, no external resources):
/// a provisional grade's banner (Grade::provisional) under the title, then a table of kinds per
/// lab and the failed tests with their evidence.
[[nodiscard]] std::string to_html(const Grade& grade);

/// The shell of a self-contained HTML page titled `title` (escaped here): doctype, charset, a
/// Content-Security-Policy that forbids scripts and external resources, and conclab's inline
/// style sheet, around `body_html`, which is inserted as it is.
[[nodiscard]] std::string html_page(std::string_view title, std::string_view body_html);

}  // namespace conclab::grading
