// Lab 07 demo: seed 001's and seed 004's Process examples, run on your own code.
//
// (a) the `Process(target=spawn())` slip next to the real thing, with the pid each line was
// printed from; (b) seed 001's 25 processes printing their number; (c) start-and-join inside
// the loop against start all, then join all, timed; (d) the Manager dict counted per pid, on
// your PidCounter; (e) exit codes, as seed 004 reads them, and the ways a child can fail.
// Built against the stubs it still runs, and each section says what did not happen yet.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "process.hpp"
#include "processes.hpp"
#include "shared_counter.hpp"

namespace {

using namespace lab07;

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

void print_heading(std::string_view title, std::string_view what_to_look_for) {
  std::printf("\n%.*s\n  %.*s\n", static_cast<int>(title.size()), title.data(),
              static_cast<int>(what_to_look_for.size()), what_to_look_for.data());
  std::fflush(stdout);
}

void not_yet(const std::exception& error) {
  std::printf("  (not yet: %s)\n", error.what());
  std::fflush(stdout);
}

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The seed's spawn(): prints a line, saying which process printed it.
void spawn() {
  std::printf("  test! from pid %d (parent %d)\n", static_cast<int>(::getpid()),
              static_cast<int>(::getppid()));
}

void section_a_the_slip() {
  print_heading("(a) Process(target=spawn()) against Process(target=spawn)",
                "The slip calls spawn() in the parent: every line shows the parent's pid, "
                "the demo's own.");
  std::printf("  this demo is pid %d\n  the slip:\n", static_cast<int>(::getpid()));
  for (int i = 0; i < 5; ++i) {
    spawn();  // what `target=spawn()` does: the work happens here, before any child exists
    Process idle([] {});
    try {
      idle.start();
      idle.join();
    } catch (const std::exception& error) {
      not_yet(error);
      break;
    }
  }
  std::printf("  the real thing:\n");
  std::fflush(stdout);
  try {
    std::vector<std::function<int()>> tasks(5, [] {
      spawn();
      return 0;
    });
    static_cast<void>(start_all_then_join_all(std::move(tasks)));
  } catch (const std::exception& error) {
    not_yet(error);
  }
}

void section_b_twenty_five() {
  print_heading("(b) 25 processes, each printing its number",
                "All are started before any is joined, so the numbers come in the order the "
                "children happened to run: usually, not always, 0 to 24.");
  std::vector<std::function<int()>> tasks;
  for (int i = 0; i < 25; ++i) {
    tasks.emplace_back([i] {
      std::printf("%d ", i);
      return 0;
    });
  }
  std::printf("  ");
  std::fflush(stdout);
  try {
    static_cast<void>(start_all_then_join_all(std::move(tasks)));
    std::printf("\n");
  } catch (const std::exception& error) {
    not_yet(error);
  }
}

void section_c_timing() {
  print_heading("(c) start and join inside the loop, against start all then join all",
                "Five children that each sleep 200 ms: about 1000 ms one by one, about 200 ms "
                "side by side.");
  auto sleeper = [] {
    std::this_thread::sleep_for(200ms);
    return 0;
  };
  try {
    auto start = Clock::now();
    for (int i = 0; i < 5; ++i) {
      Process process(sleeper);
      process.start();
      process.join();  // the slip: the next child starts only after this one has ended
    }
    std::printf("  one by one:          %6.0f ms\n", milliseconds_since(start));
    start = Clock::now();
    static_cast<void>(start_all_then_join_all(std::vector<std::function<int()>>(5, sleeper)));
    std::printf("  all, then join all:  %6.0f ms\n", milliseconds_since(start));
  } catch (const std::exception& error) {
    not_yet(error);
  }
}

void section_d_manager_dict() {
  print_heading("(d) The Manager dict, counted per pid",
                "Eight children each add 1 ten times under their own pid, in shared memory.");
  try {
    PidCounter counter;
    std::vector<std::function<int()>> tasks(8, [&counter] {
      for (int i = 0; i < 10; ++i) {
        counter.add(::getpid(), 1);
      }
      return 0;
    });
    static_cast<void>(start_all_then_join_all(std::move(tasks)));
    std::printf("  {");
    const char* separator = "";
    for (const auto& [pid, count] : counter.snapshot().counts) {
      std::printf("%s%d: %ld", separator, pid, count);
      separator = ", ";
    }
    std::printf("}\n");
  } catch (const std::exception& error) {
    not_yet(error);
  }
}

void section_e_exit_codes() {
  print_heading("(e) Exit codes, as seed 004 reads them",
                "0 is success; a thrown exception is 1; a signal is minus its number; a "
                "program that cannot be started says why.");
  try {
    std::vector<Process> processes;
    processes.emplace_back([] { return 0; });
    processes.emplace_back([]() -> int { throw std::runtime_error("the work failed"); });
    processes.emplace_back([] { std::this_thread::sleep_for(10s); });
    processes.emplace_back(std::vector<std::string>{"/bin/sh", "-c", "exit 3"});
    processes.emplace_back(std::vector<std::string>{"/no/such/program"});
    for (Process& process : processes) {
      process.start();
    }
    processes[2].terminate();  // ends the ten-second sleeper at once
    for (Process& process : processes) {
      process.join();
      const auto code = process.exitcode();
      std::printf("  pid %6d: exitcode %4s  %s\n", static_cast<int>(process.pid()),
                  code ? std::to_string(*code).c_str() : "none", process.describe().c_str());
    }
  } catch (const std::exception& error) {
    not_yet(error);
  }
}

}  // namespace

int main() {
  section_a_the_slip();
  section_b_twenty_five();
  section_c_timing();
  section_d_manager_dict();
  section_e_exit_codes();
  return 0;
}
