#include "conclab/patient_deadline.hpp"

#include <sched.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;
using Clock = conclab::PatientDeadline::Clock;

namespace {

/// A probe whose one thread has run `ran_ms` and been woken `wake_ups` times: the test moves them.
struct FakeThreads {
  std::uint64_t ran_ms = 0;
  std::uint64_t wake_ups = 0;
  conclab::ActivitySample operator()() const { return {{42, {ran_ms * 1'000'000, wake_ups}}}; }
};

/// Drives `deadline` the way a watchdog does, calling `between` before each check; returns
/// when it expires, as the time since `start`.
template <typename Between>
Clock::duration run_until_expired(conclab::PatientDeadline& deadline, Clock::time_point start,
                                  Between between) {
  do {
    std::this_thread::sleep_until(deadline.next_check());
    between();
  } while (deadline.check());
  return Clock::now() - start;
}

}  // namespace

TEST_CASE("threads that do nothing are stuck at the budget") {
  FakeThreads threads;
  const auto start = Clock::now();
  conclab::PatientDeadline deadline(
      200ms, [&] { return threads(); }, start);
  const auto took = run_until_expired(deadline, start, [] {});
  CHECK(took >= 200ms);
  CHECK(took < 400ms);
  CHECK_FALSE(deadline.stretched());
  CHECK_FALSE(deadline.working());
}

TEST_CASE("threads that keep working get up to kPatience times the budget") {
  FakeThreads threads;
  const auto start = Clock::now();
  conclab::PatientDeadline deadline(
      200ms, [&] { return threads(); }, start);
  const auto took = run_until_expired(deadline, start, [&] { threads.ran_ms += 30; });
  CHECK(took >= 200ms * conclab::PatientDeadline::kPatience);
  CHECK(took < 200ms * conclab::PatientDeadline::kPatience + 200ms);
  CHECK(deadline.stretched());
  CHECK(deadline.working());
}

TEST_CASE("threads that stop working are stuck one window after they stopped") {
  FakeThreads threads;
  const auto start = Clock::now();
  conclab::PatientDeadline deadline(
      200ms, [&] { return threads(); }, start);
  int checks = 0;
  const auto took = run_until_expired(deadline, start, [&] {
    if (++checks <= 3) {
      threads.wake_ups += 100;  // woken often, by chaos sleeps or a lock handed back and forth
    }
  });
  CHECK(deadline.stretched());
  CHECK_FALSE(deadline.working());
  CHECK(took < 200ms * conclab::PatientDeadline::kPatience);
}

TEST_CASE("a rare wake-up is not work") {
  const conclab::ActivityDelta idle{1ms, 10};  // ThreadSanitizer's background thread, a second
  CHECK_FALSE(conclab::shows_work(idle, 1s));
  CHECK(conclab::shows_work({50ms, 0}, 1s));
  CHECK(conclab::shows_work({0ms, 100}, 1s));
}

TEST_CASE("threads kept from a CPU by a busy machine are working, not stuck") {
  CHECK(conclab::shows_work({1ms, 10, 50ms}, 1s));   // they waited a long time for a CPU
  CHECK(conclab::shows_work({0ms, 0, 0ms, 1}, 1s));  // one is still waiting, since the last look
  const conclab::ActivitySample ready{{7, {5'000'000, 3, 0, true}}};
  CHECK(conclab::activity_between(ready, ready).starved == 1);
  const conclab::ActivitySample ran{{7, {6'000'000, 4, 0, true}}};
  CHECK(conclab::activity_between(ready, ran).starved == 0);  // it had a CPU in between
  const conclab::ActivitySample asleep{{7, {5'000'000, 3, 0, false}}};
  CHECK(conclab::activity_between(ready, asleep).starved == 0);
  CHECK(conclab::activity_between(asleep, ready).starved == 0);
}

TEST_CASE("the scheduler's counters see a thread that waits for a CPU as wanting to work") {
  // Two spinning threads share one CPU; one has the idle policy, so the scheduler gives it next
  // to nothing. It uses far less than 2% of the CPU, yet it is ready all the time: a thread
  // of a test on a machine that a fork bomb keeps busy.
  cpu_set_t mine;
  CPU_ZERO(&mine);
  REQUIRE(::sched_getaffinity(0, sizeof mine, &mine) == 0);
  std::size_t cpu = 0;
  while (!CPU_ISSET(cpu, &mine)) {
    ++cpu;
  }
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  std::atomic<int> idle_tid{0};
  std::atomic<int> pinned{0};
  const auto spin = [&](const std::stop_token& stop, bool idle) {
    REQUIRE(::sched_setaffinity(0, sizeof one, &one) == 0);
    if (idle) {
      const sched_param none{};
      REQUIRE(::sched_setscheduler(0, SCHED_IDLE, &none) == 0);
      idle_tid = static_cast<int>(::gettid());
    }
    ++pinned;
    while (!stop.stop_requested()) {
    }
  };
  std::jthread busy(spin, false);
  std::jthread starved(spin, true);
  while (pinned < 2) {
    std::this_thread::yield();
  }
  std::this_thread::sleep_for(20ms);
  const auto before = conclab::sample_activity(::getpid(), false);
  std::this_thread::sleep_for(300ms);
  const auto after = conclab::sample_activity(::getpid(), false);
  const auto delta =
      conclab::activity_between(before, after, [&](int tid) { return tid == idle_tid; });
  CHECK(delta.ran < 6ms);  // starved: it did not run 2% of the window
  CHECK(conclab::shows_work(delta, 300ms));
}

TEST_CASE("the scheduler's counters see a spinning thread work and a blocked one rest") {
  std::mutex held;
  std::unique_lock hold(held);
  std::atomic<int> spinner_tid{0};
  std::atomic<int> blocked_tid{0};
  std::jthread spinner([&](const std::stop_token& stop) {
    spinner_tid = static_cast<int>(::gettid());
    while (!stop.stop_requested()) {
    }
  });
  std::jthread blocked([&] {
    blocked_tid = static_cast<int>(::gettid());
    const std::scoped_lock wait(held);
  });
  while (spinner_tid == 0 || blocked_tid == 0) {
    std::this_thread::yield();
  }
  std::this_thread::sleep_for(20ms);  // the blocked thread reaches its lock
  const auto before = conclab::sample_activity(::getpid(), false);
  std::this_thread::sleep_for(200ms);
  const auto after = conclab::sample_activity(::getpid(), false);
  const auto only = [](int wanted) { return [wanted](int tid) { return tid == wanted; }; };
  CHECK(conclab::shows_work(conclab::activity_between(before, after, only(spinner_tid)), 200ms));
  CHECK_FALSE(
      conclab::shows_work(conclab::activity_between(before, after, only(blocked_tid)), 200ms));
  spinner.request_stop();
  hold.unlock();
}
