// Checks on text that the grading library's tests share.
#pragma once

#include <string_view>

namespace conclab::grading::testing {

/// True when `part` occurs somewhere in `text`.
inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace conclab::grading::testing
