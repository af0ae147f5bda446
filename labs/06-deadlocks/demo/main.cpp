// Lab 06 demo: five deadlocks, watched by the watchdog, then the same five scenarios on your code.
//
// Each scenario runs in a child process of its own (this program again, with --scenario NAME)
// under a watchdog with a short deadline. A scenario that deadlocks is ended by its watchdog,
// which prints what every thread was waiting for; the demo shows that report and goes on to
// the next. Against your fixed code, every "yours" scenario finishes, and section (f) draws a
// timeline of two of them. Against the stubs, they deadlock like the seed's versions.
#include <pthread.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "conclab/timeline.hpp"
#include "conclab/watchdog.hpp"
#include "consumers.hpp"
#include "seed_deadlocks.hpp"
#include "transfer.hpp"
#include "your_fixes.hpp"

namespace {

using lab06::demo::ChildOutcome;

/// The watchdog deadline of each child, in seconds (tripled under a sanitizer).
constexpr double kScenarioSeconds = 1.2;

/// A scenario a child process can run.
struct Scenario {
  std::string_view name;
  void (*run)();
};

constexpr Scenario kScenarios[] = {
    {"unfixed-accounts", lab06::demo::seed_accounts_inverted},
    {"unfixed-futures", lab06::demo::seed_futures_wait_on_each_other},
    {"unfixed-nested-submit", lab06::demo::seed_nested_submit},
    {"unfixed-poison-pill", lab06::demo::seed_missing_poison_pill},
    {"unfixed-join-self", lab06::demo::seed_thread_joins_itself},
    {"unfixed-jthread-self", lab06::demo::seed_jthread_destroyed_by_itself},
    {"your-transfers", lab06::demo::your_transfers},
    {"your-futures", lab06::demo::your_wait_on_each_other},
    {"your-nested-submit", lab06::demo::your_wait_on_future},
    {"your-poison-pills", lab06::demo::your_poison_pills},
    {"your-worker-stop", lab06::demo::your_worker_stopped_by_its_job},
};

/// One section of the demo: the broken scenarios, what to look for, and the same on your code.
struct Section {
  std::string_view heading;
  std::vector<std::string_view> unfixed_scenarios;
  std::string_view explanation;
  std::string_view your_scenario;
};

std::vector<Section> sections() {
  return {
      {"(a) A lock-order inversion: two accounts transferring to each other",
       {"unfixed-accounts"},
       "Thread a-to-b holds account 1 and waits for account 2; thread b-to-a holds account 2\n"
       "  and waits for account 1. The watchdog finds the cycle through the mutexes' owners. The\n"
       "  lock-order checker's line came first: it saw the inverted order before anything hung.",
       "your-transfers"},
      {"(b) Seed 002: two futures waiting on each other",
       {"unfixed-futures"},
       "Both workers sit in future::get(): worker 0 runs wait_on_b and waits for b's result,\n"
       "  worker 1 runs wait_on_a and waits for a's. A future has no owner the watchdog could\n"
       "  name, so it reports every thread waiting for another to act first.",
       "your-futures"},
      {"(c) Seed 002: a task that submits to its own one-worker pool and waits",
       {"unfixed-nested-submit"},
       "The only worker runs wait_on_future, which waits for pow(5, 2); pow(5, 2) is queued\n"
       "  behind it, waiting for a free worker. The main thread waits for wait_on_future.",
       "your-nested-submit"},
      {"(d) Seed 003 with a missing poison pill",
       {"unfixed-poison-pill"},
       "One consumer took the pill and ended; the other two wait on the queue's condition\n"
       "  variable for a message that never comes, and the main thread waits to join them.",
       "your-poison-pills"},
      {"(e) Joining from the thread itself",
       {"unfixed-join-self", "unfixed-jthread-self"},
       "A thread cannot wait for its own end. pthread_join spots it and std::thread::join\n"
       "  throws std::system_error (resource_deadlock_would_occur) instead of hanging. A\n"
       "  std::jthread destroyed on its own thread joins in its destructor, where an exception\n"
       "  cannot get out: std::terminate ends the program (SIGABRT).",
       "your-worker-stop"},
  };
}

/// Runs the scenario `name` in this process, and returns the exit code.
int run_scenario(std::string_view name) {
  for (const Scenario& scenario : kScenarios) {
    if (scenario.name == name) {
      try {
        scenario.run();
      } catch (const std::exception& error) {
        std::printf("FAILED: it threw \"%s\"\n", error.what());
        return EXIT_FAILURE;
      }
      return EXIT_SUCCESS;
    }
  }
  std::fprintf(stderr, "demo: no scenario '%.*s'\n", static_cast<int>(name.size()), name.data());
  return EXIT_FAILURE;
}

/// How the child ended, in words.
std::string verdict(const ChildOutcome& child) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", child.seconds);
  if (!child.started) {
    return "could not be started";
  }
  if (child.exit_code == conclab::kWatchdogExitCode) {
    return std::string("DEADLOCKED: the watchdog ended it after ") + seconds +
           ", with the report above";
  }
  if (child.exit_code == 0) {
    return std::string("finished in ") + seconds;
  }
  if (child.signal != 0) {
    return "killed by signal " + std::to_string(child.signal) + " (" + strsignal(child.signal) +
           ") after " + seconds;
  }
  return "FAILED: exited with code " + std::to_string(child.exit_code) + " after " + seconds;
}

/// Runs `scenario` in a child, prints its output indented, then how it ended. True if it finished.
bool show_child(std::string_view label, std::string_view scenario) {
  std::printf("\n  %.*s (demo --scenario %.*s):\n", static_cast<int>(label.size()), label.data(),
              static_cast<int>(scenario.size()), scenario.data());
  std::fflush(stdout);
  const ChildOutcome child = lab06::demo::run_scenario_in_child(scenario, kScenarioSeconds);
  std::istringstream lines(child.output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) {
      std::printf("  | %s\n", line.c_str());
    }
  }
  std::printf("  -> %s\n", verdict(child).c_str());
  std::fflush(stdout);
  return child.started && child.exit_code == 0;
}

/// The calling thread's name ("consumer-0"), for its row of the timeline.
std::string this_thread_name() {
  std::array<char, 16> name{};
  pthread_getname_np(pthread_self(), name.data(), name.size());
  return name.data();
}

/// (f) Two of your fixed scenarios again, in this process, drawn as a timeline: three consumers
/// handling jobs side by side, and two threads transferring in opposite directions.
void record_your_fixes(conclab::Timeline& timeline) {
  const std::vector<int> jobs = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  static_cast<void>(lab06::produce_and_consume(jobs, 3, [&timeline](int job) {
    const auto span = timeline.span("job " + std::to_string(job), this_thread_name());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return job;
  }));
  lab06::Account a(1, 100);
  lab06::Account b(2, 100);
  const auto batches = [&](lab06::Account& from, lab06::Account& to, std::string_view name) {
    for (int batch = 0; batch < 5; ++batch) {
      const auto span = timeline.span("batch " + std::to_string(batch), std::string(name));
      for (int i = 0; i < 2000; ++i) {
        lab06::transfer(from, to, 1);
      }
    }
  };
  std::jthread a_to_b([&] { batches(a, b, "transfers 1 to 2"); });
  std::jthread b_to_a([&] { batches(b, a, "transfers 2 to 1"); });
}

/// Where the timeline files go: $CONCLAB_TIMELINE_DIR, or the current directory.
std::filesystem::path timeline_dir() {
  const char* dir = std::getenv("CONCLAB_TIMELINE_DIR");  // NOLINT(concurrency-mt-unsafe)
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir)
                                        : std::filesystem::current_path();
}

/// Section (f). Returns false only when the files cannot be written.
bool draw_your_fixes(bool all_yours_finished) {
  std::printf("\n(f) A timeline of your fixed scenarios\n");
  if (!all_yours_finished) {
    std::printf("  (skipped: some of your scenarios above still deadlock)\n");
    return true;
  }
  conclab::Timeline timeline;
  record_your_fixes(timeline);
  const auto json = timeline_dir() / "lab06-timeline.json";
  const auto svg = timeline_dir() / "lab06-timeline.svg";
  try {
    timeline.write_chrome_trace(json);
    timeline.write_svg(svg, "Lab 06: three consumers side by side; transfers both ways at once");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "demo: %s (set CONCLAB_TIMELINE_DIR to a folder you can write to)\n",
                 error.what());
    return false;
  }
  std::printf(
      "  Each consumer has a row with its jobs; the two transfer threads have a row each,\n"
      "  their batches side by side. Written: %s\n           %s (https://ui.perfetto.dev)\n",
      svg.c_str(), json.c_str());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> arguments(argv, argv + argc);
  if (arguments.size() == 3 && arguments[1] == "--scenario") {
    return run_scenario(arguments[2]);
  }
  std::printf(
      "Lab 06 demo: deadlocks. Each scenario runs in a child process under a watchdog\n"
      "whose deadline is %.1f s; a deadlocked one is ended with a report of its threads.\n",
      kScenarioSeconds * conclab::timeout_scale());
  bool all_yours_finished = true;
  for (const Section& section : sections()) {
    std::printf("\n%.*s\n", static_cast<int>(section.heading.size()), section.heading.data());
    for (const std::string_view seed : section.unfixed_scenarios) {
      show_child("unfixed", seed);
    }
    std::printf("\n  What happened: %.*s\n", static_cast<int>(section.explanation.size()),
                section.explanation.data());
    all_yours_finished = show_child("yours", section.your_scenario) && all_yours_finished;
  }
  return draw_your_fixes(all_yours_finished) ? EXIT_SUCCESS : EXIT_FAILURE;
}
