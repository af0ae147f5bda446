/// @file hints.hpp
/// @brief Choosing the hint of lab.json that fits a failed test.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conclab::grading {

/// One entry of a lab's "hints": about a test ("Suite.Name" or "Suite.*"), a kind of test
/// ("race", ...), both, or neither (a general hint).
struct Hint {
  /// The test it is about: a full name or "Suite.*".
  std::optional<std::string> test;
  /// The kind of test it is about.
  std::optional<std::string> kind;
  /// What to tell the student.
  std::string text;

  /// True when the hint names neither a test nor a kind.
  [[nodiscard]] bool is_general() const noexcept { return !test && !kind; }
  /// What the hint is about in words: "general", "tests RunThreads.*", "race tests", ...
  [[nodiscard]] std::string about() const;
};

/// True when `pattern` ("Suite.Name" or "Suite.*") names the test `full_name`.
[[nodiscard]] bool test_pattern_matches(std::string_view pattern, std::string_view full_name);

/// The hints for a failed test `full_name` of kind `kind`: those whose `test` matches it,
/// or, when none does, those whose `kind` is `kind`. In the order of `hints`.
[[nodiscard]] std::vector<Hint> hints_for_failure(const std::vector<Hint>& hints,
                                                  std::string_view full_name,
                                                  std::string_view kind);

/// The general hints: those naming neither a test nor a kind.
[[nodiscard]] std::vector<Hint> general_hints(const std::vector<Hint>& hints);

}  // namespace conclab::grading
