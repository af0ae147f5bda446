#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "conclab/chaos.hpp"

namespace chaos = conclab::chaos;

TEST_CASE("chaos is off without a seed, or with a seed that is not a whole number") {
  CHECK_FALSE(chaos::parse_settings(nullptr, nullptr, nullptr).active);
  CHECK_FALSE(chaos::parse_settings("", "0.5", nullptr).active);
  CHECK_FALSE(chaos::parse_settings("12abc", nullptr, nullptr).active);
  CHECK_FALSE(chaos::parse_settings("-3", nullptr, nullptr).active);
  CHECK_FALSE(chaos::parse_settings(" 3", nullptr, nullptr).active);
  CHECK_FALSE(chaos::parse_settings("99999999999999999999999", nullptr, nullptr).active);
}

TEST_CASE("the settings come from the environment's values, with defaults") {
  const auto defaults = chaos::parse_settings("42", nullptr, nullptr);
  CHECK(defaults.active);
  CHECK(defaults.seed == 42);
  CHECK(defaults.probability == doctest::Approx(0.25));
  CHECK(defaults.max_sleep_us == 200);
  const auto given = chaos::parse_settings("0", "0.5", "1000");
  CHECK(given.active);
  CHECK(given.seed == 0);
  CHECK(given.probability == doctest::Approx(0.5));
  CHECK(given.max_sleep_us == 1000);
}

TEST_CASE("a probability is clamped into [0, 1]; values that are not numbers keep the default") {
  CHECK(chaos::parse_settings("7", "3", nullptr).probability == doctest::Approx(1.0));
  CHECK(chaos::parse_settings("7", "-1", nullptr).probability == doctest::Approx(0.0));
  CHECK(chaos::parse_settings("7", "often", nullptr).probability == doctest::Approx(0.25));
  CHECK(chaos::parse_settings("7", "nan", nullptr).probability == doctest::Approx(0.25));
  CHECK(chaos::parse_settings("7", nullptr, "long").max_sleep_us == 200);
  CHECK(chaos::parse_settings("7", nullptr, "-5").max_sleep_us == 200);
}

namespace {

/// The first `count` decisions of thread `ordinal` in a run seeded with `seed`.
std::vector<chaos::Decision> decisions(std::uint64_t seed, std::uint64_t ordinal, int count) {
  chaos::Generator generator(seed, ordinal);
  const auto settings = chaos::parse_settings("1", nullptr, nullptr);
  std::vector<chaos::Decision> result;
  result.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    result.push_back(chaos::decide(generator, settings));
  }
  return result;
}

std::vector<std::uint64_t> numbers(std::uint64_t seed, std::uint64_t ordinal, int count) {
  chaos::Generator generator(seed, ordinal);
  std::vector<std::uint64_t> result;
  result.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    result.push_back(generator.next());
  }
  return result;
}

}  // namespace

namespace conclab::chaos {
// For CHECK's comparison of decision sequences.
bool operator==(const Decision& left, const Decision& right) {
  return left.action == right.action && left.sleep_us == right.sleep_us;
}
}  // namespace conclab::chaos

TEST_CASE("the same seed and thread number replay the same decisions; others differ") {
  CHECK(decisions(5, 2, 200) == decisions(5, 2, 200));
  CHECK(decisions(5, 2, 200) != decisions(6, 2, 200));
  CHECK(decisions(5, 2, 200) != decisions(5, 3, 200));
  CHECK(decisions(5, 0, 200) != decisions(0, 5, 200));
}

TEST_CASE("neighbouring seeds and threads do not get shifted copies of one sequence") {
  const auto base = numbers(5, 2, 100);
  for (const auto& [seed, ordinal] : {std::pair{6U, 2U}, {4U, 2U}, {5U, 3U}, {5U, 1U}}) {
    const auto other = numbers(seed, ordinal, 100);
    for (std::ptrdiff_t shift = 1; shift < 10; ++shift) {
      CHECK_FALSE(std::equal(other.begin(), other.end() - 10, base.begin() + shift));
      CHECK_FALSE(std::equal(base.begin(), base.end() - 10, other.begin() + shift));
    }
  }
}

TEST_CASE("perturbations come with the set probability, sleeps with their share and bound") {
  chaos::Generator generator(9, 0);
  const auto settings = chaos::parse_settings("9", "0.25", "100");
  int yields = 0;
  int sleeps = 0;
  constexpr int kDraws = 40000;
  for (int i = 0; i < kDraws; ++i) {
    const auto decision = chaos::decide(generator, settings);
    if (decision.action == chaos::Decision::Action::kYield) {
      ++yields;
    } else if (decision.action == chaos::Decision::Action::kSleep) {
      ++sleeps;
      CHECK(decision.sleep_us >= 1);
      CHECK(decision.sleep_us <= 100);
    }
  }
  // A fixed sequence: these bounds hold every time or fail every time, never by luck.
  const int perturbations = yields + sleeps;
  CHECK(perturbations == doctest::Approx(kDraws * 0.25).epsilon(0.05));
  CHECK(sleeps == doctest::Approx(perturbations * chaos::kSleepShare).epsilon(0.05));
}

TEST_CASE("probability 0 never perturbs, probability 1 always does") {
  chaos::Generator generator(1, 0);
  const auto never = chaos::parse_settings("1", "0", nullptr);
  const auto always = chaos::parse_settings("1", "1", nullptr);
  for (int i = 0; i < 1000; ++i) {
    CHECK(chaos::decide(generator, never).action == chaos::Decision::Action::kNothing);
    CHECK(chaos::decide(generator, always).action != chaos::Decision::Action::kNothing);
  }
}

TEST_CASE("with no sleep allowed, every perturbation is a yield") {
  chaos::Generator generator(3, 1);
  const auto settings = chaos::parse_settings("3", "1", "0");
  for (int i = 0; i < 1000; ++i) {
    CHECK(chaos::decide(generator, settings).action == chaos::Decision::Action::kYield);
  }
}

TEST_CASE("a thread's sleeps stop at the budget; its other decisions stay as they were") {
  const auto settings = chaos::parse_settings("4", "1", "1000");
  chaos::ThreadPerturbations budgeted(4, 2);
  chaos::Generator unbudgeted(4, 2);
  int yields_for_sleeps = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto decision = budgeted.next(settings);
    const auto unlimited = chaos::decide(unbudgeted, settings);
    if (decision.action != unlimited.action) {
      CHECK(decision.action == chaos::Decision::Action::kYield);
      CHECK(unlimited.action == chaos::Decision::Action::kSleep);
      ++yields_for_sleeps;
    }
    CHECK(budgeted.slept_us() <= chaos::kSleepBudgetUs);
  }
  // 2000 perturbations, half of them sleeps of 500 us on average: about 500 ms asked for.
  CHECK(budgeted.slept_us() > chaos::kSleepBudgetUs - 1000);
  CHECK(yields_for_sleeps > 500);
}
