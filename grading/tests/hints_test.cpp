#include "conclab/grading/hints.hpp"

#include <doctest/doctest.h>

namespace {

using conclab::grading::Hint;

std::vector<Hint> sample_hints() {
  return {
      Hint{std::nullopt, std::nullopt, "general"},
      Hint{"RunThreads.*", std::nullopt, "run threads"},
      Hint{"Counters.MutexCount", std::nullopt, "mutex count"},
      Hint{std::nullopt, "race", "races"},
      Hint{std::nullopt, "deadlock", "deadlocks"},
      Hint{"Counters.*", "race", "counter races"},
  };
}

std::vector<std::string> texts(const std::vector<Hint>& hints) {
  std::vector<std::string> result;
  for (const Hint& hint : hints) {
    result.push_back(hint.text);
  }
  return result;
}

}  // namespace

TEST_CASE("test patterns match a whole name or a suite") {
  using conclab::grading::test_pattern_matches;
  CHECK(test_pattern_matches("RunThreads.*", "RunThreads.Joins"));
  CHECK_FALSE(test_pattern_matches("RunThreads.*", "RunThreadsConcurrency.Joins"));
  CHECK(test_pattern_matches("A.B", "A.B"));
  CHECK_FALSE(test_pattern_matches("A.B", "A.BC"));
}

TEST_CASE("hints naming the test come first; hints for the kind only when none does") {
  const auto hints = sample_hints();
  using conclab::grading::hints_for_failure;
  CHECK(texts(hints_for_failure(hints, "RunThreads.Joins", "correctness")) ==
        std::vector<std::string>{"run threads"});
  CHECK(texts(hints_for_failure(hints, "Counters.MutexCount", "race")) ==
        std::vector<std::string>{"mutex count", "counter races"});
  CHECK(texts(hints_for_failure(hints, "Counters.Atomic", "correctness")).empty());
  CHECK(texts(hints_for_failure(hints, "TurnTaker.Alternates", "deadlock")) ==
        std::vector<std::string>{"deadlocks"});
  CHECK(texts(hints_for_failure(hints, "Other.Test", "race")) == std::vector<std::string>{"races"});
}

TEST_CASE("general hints are those naming neither a test nor a kind") {
  CHECK(texts(conclab::grading::general_hints(sample_hints())) ==
        std::vector<std::string>{"general"});
}

TEST_CASE("a hint says what it is about") {
  const auto hints = sample_hints();
  CHECK(hints[0].about() == "general");
  CHECK(hints[1].about() == "tests RunThreads.*");
  CHECK(hints[2].about() == "test Counters.MutexCount");
  CHECK(hints[3].about() == "race tests");
  CHECK(hints[5].about() == "tests Counters.* (race)");
}
