/// @file text.hpp
/// @brief Small text helpers for tests.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::testing {

/// The words of `text`, split at runs of spaces (no empty words).
inline std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) {
      words.emplace_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return words;
}

}  // namespace conclab::testing
