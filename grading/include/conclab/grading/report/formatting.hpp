/// @file formatting.hpp
/// @brief What every report format shares: points and numbers written for people, and text
/// from a submission made safe for XML and HTML.
#pragma once

#include <string>
#include <string_view>

namespace conclab::grading {

/// `points` with one decimal: "85.0", "2.5".
[[nodiscard]] std::string format_points(double points);

/// `number` with at most two decimals, none that are 0: "100", "12.5", "33.33" (rubric
/// weights, means, percentages).
[[nodiscard]] std::string format_number(double number);

/// `text` made safe for XML and HTML text and quoted attributes: `&`, `<`, `>`, `"` and `'`
/// become entities, invalid UTF-8 becomes U+FFFD, and control characters other than newline
/// and tab are dropped.
[[nodiscard]] std::string escape_xml(std::string_view text);

}  // namespace conclab::grading
