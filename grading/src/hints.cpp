#include "conclab/grading/hints.hpp"

#include <algorithm>

namespace conclab::grading {

std::string Hint::about() const {
  if (test && kind) {
    return "tests " + *test + " (" + *kind + ")";
  }
  if (test) {
    return test->ends_with(".*") ? "tests " + *test : "test " + *test;
  }
  if (kind) {
    return *kind + " tests";
  }
  return "general";
}

bool test_pattern_matches(std::string_view pattern, std::string_view full_name) {
  if (pattern.ends_with(".*")) {
    const std::string_view suite = pattern.substr(0, pattern.size() - 1);  // keeps the '.'
    return full_name.starts_with(suite);
  }
  return pattern == full_name;
}

std::vector<Hint> hints_for_failure(const std::vector<Hint>& hints, std::string_view full_name,
                                    std::string_view kind) {
  std::vector<Hint> chosen;
  std::copy_if(hints.begin(), hints.end(), std::back_inserter(chosen), [&](const Hint& hint) {
    return hint.test && test_pattern_matches(*hint.test, full_name) &&
           (!hint.kind || *hint.kind == kind);
  });
  if (chosen.empty()) {
    std::copy_if(hints.begin(), hints.end(), std::back_inserter(chosen),
                 [&](const Hint& hint) { return !hint.test && hint.kind && *hint.kind == kind; });
  }
  return chosen;
}

std::vector<Hint> general_hints(const std::vector<Hint>& hints) {
  std::vector<Hint> general;
  std::copy_if(hints.begin(), hints.end(), std::back_inserter(general),
               [](const Hint& hint) { return hint.is_general(); });
  return general;
}

}  // namespace conclab::grading
