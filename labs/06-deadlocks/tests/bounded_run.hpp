// Runs a scenario that may deadlock under a time limit, so that a test fails with an
// explanation of who waits for what, instead of hanging the whole test program.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "conclab/patient_deadline.hpp"
#include "conclab/stack_capture.hpp"
#include "conclab/thread_waits.hpp"
#include "conclab/watchdog.hpp"
#include "thread_name.hpp"

namespace lab06::testing {

/// How long a scenario may take before it counts as stuck: `seconds`, times the build's
/// timeout scale (3 under a sanitizer). Every scenario of this lab takes milliseconds when
/// nothing is stuck.
inline std::chrono::milliseconds scenario_limit(double seconds = 2.0) {
  return std::chrono::milliseconds(static_cast<long>(seconds * conclab::timeout_scale() * 1e3));
}

/// The ids of this process's threads, the caller's excluded.
inline std::set<int> thread_ids() {
  std::set<int> ids;
  for (const conclab::ThreadWait& thread : conclab::inspect_own_threads()) {
    ids.insert(thread.tid);
  }
  return ids;
}

/// What every thread started since `before` is waiting for, a line each, then the diagnosis:
/// the watchdog's own explanation, limited to the stuck scenario's threads.
inline std::string explain_new_threads(const std::set<int>& before) {
  std::vector<conclab::ThreadWait> threads = conclab::inspect_own_threads();
  std::string why_no_stacks;
  conclab::attach_stacks(
      threads, conclab::capture_stacks(::getpid(), std::chrono::seconds(5), why_no_stacks));
  std::vector<conclab::ThreadWait> started;
  std::copy_if(threads.begin(), threads.end(), std::back_inserter(started),
               [&](const conclab::ThreadWait& thread) { return !before.contains(thread.tid); });
  std::ostringstream text;
  for (const std::string& line : conclab::explain_hang(started)) {
    text << "  " << line << '\n';
  }
  if (!why_no_stacks.empty()) {
    text << "  (no stacks: " << why_no_stacks << ")\n";
  }
  return text.str();
}

/// What a scenario's thread tells the test that waits for it.
struct ScenarioOutcome {
  std::mutex mutex;
  std::condition_variable finished_changed;
  bool finished = false;  // guarded by mutex
  std::string error;      // guarded by mutex: what the scenario threw, if anything
};

/// Runs `scenario` on a thread of its own (named "scenario") and waits up to `limit` for it, or
/// longer while its threads keep working (conclab::PatientDeadline).
///
/// Success when it finished in time without throwing. Otherwise a failure that names `what`,
/// and either what it threw or, when it is stuck, what each thread it started waits for and
/// the diagnosis ("a deadlock: thread 4711 waits for a mutex held by thread 4712, ...").
///
/// A scenario that does not finish is left behind, stuck, on a detached thread, so that the
/// next test can run. So it must own everything it uses: capture std::shared_ptr by value,
/// never a test's locals by reference. Whatever it wrote before finishing, the test may read
/// after a success.
inline ::testing::AssertionResult finishes_within(std::chrono::milliseconds limit,
                                                  std::string_view what,
                                                  std::function<void()> scenario) {
  const std::set<int> before = thread_ids();
  auto outcome = std::make_shared<ScenarioOutcome>();
  std::thread([outcome, scenario = std::move(scenario)] {
    name_this_thread("scenario");
    std::string error;
    try {
      scenario();
    } catch (const std::exception& exception) {
      error = exception.what();
    } catch (...) {
      error = "an exception that is not a std::exception";
    }
    {
      const std::scoped_lock lock(outcome->mutex);
      outcome->finished = true;
      outcome->error = std::move(error);
    }
    outcome->finished_changed.notify_all();
  }).detach();

  // The limit judges progress: while the scenario's threads keep working (slowed down by
  // chaos or a busy machine), it stretches; threads that all wait are stuck at `limit`.
  conclab::PatientDeadline deadline(limit, [&before, waiter = static_cast<int>(::gettid())] {
    conclab::ActivitySample sample = conclab::sample_activity(::getpid(), false);
    std::erase_if(sample, [&](const auto& thread) {
      return thread.first == waiter || before.contains(thread.first);
    });
    return sample;
  });
  const auto finished = [&] { return outcome->finished; };
  std::unique_lock lock(outcome->mutex);
  while (!outcome->finished_changed.wait_until(lock, deadline.next_check(), finished)) {
    lock.unlock();
    const bool goes_on = deadline.check();
    lock.lock();
    if (!goes_on && !finished()) {
      lock.unlock();
      return ::testing::AssertionFailure()
             << what << " did not finish within "
             << static_cast<double>(deadline.elapsed().count()) / 1000.0 << " s"
             << (deadline.stretched() ? " (stretched while its threads kept working)" : "")
             << ": it is stuck (left behind, so the other tests can run). What its threads "
                "are doing:\n"
             << explain_new_threads(before);
    }
  }
  if (outcome->error.empty()) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << what << " threw: " << outcome->error;
}

/// finishes_within(scenario_limit(), what, scenario).
inline ::testing::AssertionResult finishes(std::string_view what, std::function<void()> scenario) {
  return finishes_within(scenario_limit(), what, std::move(scenario));
}

}  // namespace lab06::testing
