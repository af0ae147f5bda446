/// @file chaos.hpp
/// @brief Seeded chaos scheduling: the settings and decisions behind `libconclab_chaos.so`.
///
/// ThreadSanitizer finds data races, but not a lost wake-up, a check-then-act bug whose every
/// step holds the lock, or a deadlock that needs an unlucky schedule: those need the schedule
/// itself shaken. `libconclab_chaos.so`, loaded with `LD_PRELOAD`, wraps the pthread calls that
/// `std::mutex`, `std::condition_variable` and `std::thread` make and, with a probability, yields
/// the CPU or sleeps for a moment at each of them, so that rare interleavings become common. The
/// perturbation points are: before a lock, after an unlock, before a notification, after a
/// condition wait returns, and as a new thread starts.
///
/// It is driven by the environment:
/// - `CONCLAB_CHAOS_SEED` (a whole number): turns it on. The same seed makes the same decisions
///   again: each thread draws from its own generator, seeded from the seed and the thread's
///   creation number (the main thread is 0, then 1, 2, ... in `pthread_create` order).
/// - `CONCLAB_CHAOS_PROBABILITY` (default 0.25): the chance of a perturbation at each point.
/// - `CONCLAB_CHAOS_MAX_SLEEP_US` (default 200): the longest sleep, in microseconds.
///
/// Half the perturbations are yields and half are sleeps; a thread's sleeps stop once they add
/// up to kSleepBudgetUs (100 ms), after which it only yields, so that hot loops stay bearable.
///
/// When on, the library prints `conclab chaos: CONCLAB_CHAOS_SEED=<seed> probability=<p>
/// max_sleep_us=<us>` to stderr as it loads, so the log of a failing run names the seed that
/// replays it. Without the seed it does nothing and prints nothing.
/// `common/scripts/run-test --chaos N --chaos-library PATH -- TEST` runs a test N times with
/// seeds 1..N and, on a failure, prints the command that replays it.
///
/// The same seed replays the same *decisions* of each thread, not the same schedule: the
/// operating system still decides who runs. A seed that found a bug finds it again often, not
/// always.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace conclab::chaos {

/// The settings of chaos scheduling, read from the environment once, as the library loads.
struct Settings {
  bool active = false;          ///< Whether `CONCLAB_CHAOS_SEED` is set to a whole number.
  std::uint64_t seed = 0;       ///< `CONCLAB_CHAOS_SEED`.
  double probability = 0.25;    ///< `CONCLAB_CHAOS_PROBABILITY`: perturbation chance, in [0, 1].
  unsigned max_sleep_us = 200;  ///< `CONCLAB_CHAOS_MAX_SLEEP_US`: the longest sleep.
};

/// The share of perturbations that sleep rather than yield. A yield lets another thread run only
/// if one is waiting for this CPU; on a machine with a free core it changes little. A sleep of
/// up to max_sleep_us lets a thread on another core overtake, which is what most bugs need.
/// Measured on the proof programs in `common/chaos/proof/` (see docs/testing-concurrent-code.md).
inline constexpr double kSleepShare = 0.5;

/// The most a thread sleeps for chaos, in microseconds, in all. Past it, its sleeps become
/// yields: a test that locks a mutex a million times in a loop is slowed, but not by hours.
inline constexpr std::uint64_t kSleepBudgetUs = 100'000;

/// The whole of `text` as a number of type Number, or false when it is not one (empty, a sign
/// where none is allowed, trailing characters, out of range).
template <typename Number>
bool parse_number(std::string_view text, Number& number) {
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, number);
  return !text.empty() && error == std::errc{} && stop == end;
}

/// Reads Settings from the values of `CONCLAB_CHAOS_SEED`, `CONCLAB_CHAOS_PROBABILITY` and
/// `CONCLAB_CHAOS_MAX_SLEEP_US` (each null when unset). A seed that is not a whole number leaves
/// chaos off; a probability or sleep that is not a number keeps its default; a probability
/// outside [0, 1] is clamped into it.
inline Settings parse_settings(const char* seed, const char* probability,
                               const char* max_sleep_us) {
  Settings settings;
  settings.active = seed != nullptr && parse_number(seed, settings.seed);
  if (!settings.active) {
    return Settings{};
  }
  if (double value = 0;
      probability != nullptr && parse_number(probability, value) && !std::isnan(value)) {
    settings.probability = std::clamp(value, 0.0, 1.0);
  }
  if (unsigned value = 0; max_sleep_us != nullptr && parse_number(max_sleep_us, value)) {
    settings.max_sleep_us = value;
  }
  return settings;
}

/// One thread's source of decisions: a splitmix64 generator whose starting point is fixed by the
/// run's seed and the thread's creation number alone.
class Generator {
 public:
  /// The generator of thread number `ordinal` in a run seeded with `seed`. Both are scrambled
  /// first, so that neighbouring seeds or threads do not get shifted copies of one sequence.
  constexpr Generator(std::uint64_t seed, std::uint64_t ordinal)
      : state_(scramble(scramble(seed) + ordinal)) {}

  /// The next 64 random bits.
  constexpr std::uint64_t next() {
    state_ += kIncrement;
    return scramble(state_);
  }

  /// A number uniform in [0, 1).
  constexpr double next_unit() {
    constexpr double kTwoToThe53 = 9007199254740992.0;
    return static_cast<double>(next() >> 11U) / kTwoToThe53;
  }

 private:
  static constexpr std::uint64_t kIncrement = 0x9E3779B97F4A7C15ULL;

  /// splitmix64's output function: a bijection that spreads every input bit over the result.
  static constexpr std::uint64_t scramble(std::uint64_t bits) {
    bits = (bits ^ (bits >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    bits = (bits ^ (bits >> 27U)) * 0x94D049BB133111EBULL;
    return bits ^ (bits >> 31U);
  }

  std::uint64_t state_;
};

/// What to do at one perturbation point.
struct Decision {
  /// The kinds of perturbation.
  enum class Action {
    kNothing,  ///< Go on at once.
    kYield,    ///< Give the CPU to another ready thread, if there is one.
    kSleep,    ///< Sleep for sleep_us microseconds: long enough for other threads to overtake.
  };
  Action action = Action::kNothing;  ///< What to do.
  unsigned sleep_us = 0;             ///< How long to sleep, for kSleep.
};

/// The next decision of `generator`: a perturbation with the settings' probability, of which a
/// share kSleepShare are sleeps of 1..max_sleep_us microseconds and the rest yields.
constexpr Decision decide(Generator& generator, const Settings& settings) {
  if (generator.next_unit() >= settings.probability) {
    return {};
  }
  if (settings.max_sleep_us == 0 || generator.next_unit() >= kSleepShare) {
    return {.action = Decision::Action::kYield, .sleep_us = 0};
  }
  return {.action = Decision::Action::kSleep,
          .sleep_us = 1 + static_cast<unsigned>(generator.next() % settings.max_sleep_us)};
}

/// One thread's perturbations: its generator, and how long it has slept so far, so that its
/// sleeps stop at kSleepBudgetUs. What the budget turns into yields depends on the decisions
/// alone, never on the clock, so a seed still replays the same decisions.
class ThreadPerturbations {
 public:
  /// The perturbations of thread number `ordinal` in a run seeded with `seed`.
  constexpr ThreadPerturbations(std::uint64_t seed, std::uint64_t ordinal)
      : generator_(seed, ordinal) {}

  /// What to do at this thread's next perturbation point.
  constexpr Decision next(const Settings& settings) {
    Decision decision = decide(generator_, settings);
    if (decision.action == Decision::Action::kSleep) {
      if (slept_us_ + decision.sleep_us > kSleepBudgetUs) {
        return {.action = Decision::Action::kYield, .sleep_us = 0};
      }
      slept_us_ += decision.sleep_us;
    }
    return decision;
  }

  /// How long this thread has slept for chaos so far, in microseconds.
  [[nodiscard]] constexpr std::uint64_t slept_us() const { return slept_us_; }

 private:
  Generator generator_;
  std::uint64_t slept_us_ = 0;
};

}  // namespace conclab::chaos
