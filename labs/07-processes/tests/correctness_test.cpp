// Correctness: a Process runs its target in another process, reports how it ended the way
// Python does, reports a program it cannot start with errno's text, and leaves no child behind;
// start_all_then_join_all runs each task in a child of its own; PidCounter is one table for
// every process. Each test checks, after it ends, that no child of the test process is left.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "child_processes.hpp"
#include "process.hpp"
#include "processes.hpp"
#include "shared_counter.hpp"

namespace lab07 {
namespace {

using namespace std::chrono_literals;
using testing::Gate;
using testing::NoChildLeft;
using testing::Shared;

using ProcessRuns = NoChildLeft;
using ExitCode = NoChildLeft;
using Program = NoChildLeft;
using Signals = NoChildLeft;
using Destructor = NoChildLeft;
using StartAllThenJoinAll = NoChildLeft;
using PidCounterTable = NoChildLeft;

/// Pids written by children, one slot each.
using PidSlots = std::array<std::atomic<pid_t>, 32>;

TEST_F(ProcessRuns, TheTargetRunsInTheChildWhosePidStartReturned) {
  const Shared<PidSlots> seen;
  const pid_t parent = ::getpid();
  Process process([&] {
    testing::die_with_parent(parent);
    (*seen)[0] = ::getpid();
  });
  EXPECT_EQ(process.pid(), 0) << "pid() before start()";
  ASSERT_TRUE(process.start()) << process.error();
  process.join();
  EXPECT_NE(process.pid(), 0);
  EXPECT_NE(process.pid(), parent) << "pid() is the parent's own pid";
  EXPECT_EQ((*seen)[0].load(), process.pid())
      << "the target did not run in the child that start() created (0: it never ran; the "
         "parent's pid "
      << parent << ": it ran in the parent)";
  EXPECT_EQ(process.exitcode(), std::optional<int>(0));
}

TEST_F(ProcessRuns, NothingIsReportedBeforeStart) {
  Process process([] { return 0; });
  EXPECT_EQ(process.pid(), 0);
  EXPECT_EQ(process.exitcode(), std::nullopt);
  EXPECT_FALSE(process.is_alive());
  EXPECT_EQ(process.describe(), "not started");
  EXPECT_THROW(process.join(), std::logic_error) << "join() before start()";
}

TEST_F(ProcessRuns, ExitcodeIsEmptyWhileTheChildRunsAndSetOnceItHasEnded) {
  const Shared<Gate> gate;
  const pid_t parent = ::getpid();
  Process process([&] {
    testing::die_with_parent(parent);
    gate->wait();
    return 4;
  });
  ASSERT_TRUE(process.start());
  EXPECT_TRUE(process.is_alive());
  EXPECT_EQ(process.exitcode(), std::nullopt) << "the child is still waiting at the gate";
  EXPECT_EQ(process.describe(), "running");
  gate->open = 1;
  process.join();
  EXPECT_FALSE(process.is_alive());
  EXPECT_EQ(process.exitcode(), std::optional<int>(4));
  EXPECT_EQ(process.describe(), "exited with code 4");
  process.join();  // a second join returns at once
  EXPECT_EQ(process.exitcode(), std::optional<int>(4));
}

TEST_F(ProcessRuns, StartingTwiceIsRefused) {
  Process process([] { return 0; });
  ASSERT_TRUE(process.start());
  EXPECT_THROW(process.start(), std::logic_error);
  process.join();
  EXPECT_THROW(process.start(), std::logic_error) << "after join()";
}

TEST_F(ProcessRuns, AMovedProcessKeepsItsChild) {
  Process first([] { return 6; });
  ASSERT_TRUE(first.start());
  const pid_t pid = first.pid();
  Process second(std::move(first));
  EXPECT_EQ(second.pid(), pid);
  second.join();
  EXPECT_EQ(second.exitcode(), std::optional<int>(6));
}

TEST_F(ExitCode, IsWhatEachTargetReturned) {
  // Several children at once, each with its own code, so that codes cannot be swapped unseen.
  const std::vector<int> codes = {0, 3, 42, 255, 17};
  std::vector<Process> processes;
  for (const int code : codes) {
    processes.emplace_back([code] { return code; });
  }
  for (Process& process : processes) {
    ASSERT_TRUE(process.start());
  }
  for (std::size_t i = 0; i < codes.size(); ++i) {
    processes[i].join();
    EXPECT_EQ(processes[i].exitcode(), std::optional<int>(codes[i])) << "child " << i;
  }
}

TEST_F(ExitCode, IsOneWhenTheTargetThrows) {
  Process process([]() -> int { throw std::runtime_error("the child's work failed"); });
  ASSERT_TRUE(process.start());
  process.join();
  EXPECT_EQ(process.exitcode(), std::optional<int>(1));
  EXPECT_EQ(process.describe(), "exited with code 1");
}

TEST_F(ExitCode, IsMinusTheSignalThatKilledTheChild) {
  Process aborts([] { testing::abort_without_core_file(); });
  Process killed([] { ::raise(SIGKILL); });
  ASSERT_TRUE(aborts.start());
  ASSERT_TRUE(killed.start());
  aborts.join();
  killed.join();
  EXPECT_EQ(aborts.exitcode(), std::optional<int>(-SIGABRT));
  EXPECT_EQ(killed.exitcode(), std::optional<int>(-SIGKILL));
  EXPECT_EQ(killed.describe().rfind("killed by signal 9", 0), 0U) << killed.describe();
}

TEST_F(Program, ExitCodesOfPrograms) {
  Process yes(std::vector<std::string>{"/bin/true"});
  Process no(std::vector<std::string>{"false"});  // found on PATH
  Process five(std::vector<std::string>{"/bin/sh", "-c", "exit 5"});
  Process terminated(std::vector<std::string>{"/bin/sh", "-c", "kill -TERM $$"});
  for (Process* process : {&yes, &no, &five, &terminated}) {
    ASSERT_TRUE(process->start()) << process->error();
  }
  for (Process* process : {&yes, &no, &five, &terminated}) {
    process->join();
  }
  EXPECT_EQ(yes.exitcode(), std::optional<int>(0));
  EXPECT_EQ(no.exitcode(), std::optional<int>(1));
  EXPECT_EQ(five.exitcode(), std::optional<int>(5));
  EXPECT_EQ(terminated.exitcode(), std::optional<int>(-SIGTERM));
  EXPECT_EQ(yes.error(), "");
}

TEST_F(Program, ThatDoesNotExistIsReportedWithErrnosText) {
  const std::string missing = "/no/such/dir/lab07-program";
  Process process(std::vector<std::string>{missing, "--flag"});
  EXPECT_FALSE(process.start()) << "start() said a missing program was started";
  const std::string why = std::generic_category().message(ENOENT);
  EXPECT_NE(process.error().find(missing), std::string::npos) << process.error();
  EXPECT_NE(process.error().find(why), std::string::npos)
      << "error() should carry errno's text '" << why << "': " << process.error();
  EXPECT_EQ(process.exitcode(), std::optional<int>(127)) << "never a silent 0";
  EXPECT_FALSE(process.is_alive());
  EXPECT_EQ(process.describe().rfind("could not start: ", 0), 0U) << process.describe();
  process.join();  // nothing to wait for, and no hang
}

TEST_F(Program, ThatIsNotExecutableIsReportedWithErrnosText) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("lab07-not-executable-" + std::to_string(::getpid()));
  // Removed however the test ends: a start() that throws (the stub's) leaves nothing in /tmp.
  const auto remove = [](const std::filesystem::path* path) {
    std::error_code ignored;
    std::filesystem::remove(*path, ignored);
  };
  const std::unique_ptr<const std::filesystem::path, decltype(remove)> removed_at_end(&file,
                                                                                      remove);
  std::ofstream(file) << "#!/bin/sh\nexit 0\n";
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  Process process(std::vector<std::string>{file.string()});
  const bool started = process.start();
  EXPECT_FALSE(started);
  const std::string why = std::generic_category().message(EACCES);
  EXPECT_NE(process.error().find(why), std::string::npos)
      << "error() should carry errno's text '" << why << "': " << process.error();
  EXPECT_NE(process.exitcode(), std::optional<int>(0));
  EXPECT_NE(process.exitcode(), std::nullopt);
}

TEST_F(Signals, TerminateEndsAChildWithMinusSigterm) {
  const pid_t parent = ::getpid();
  Process process([parent] {
    testing::die_with_parent(parent);
    for (;;) {
      ::pause();
    }
  });
  ASSERT_TRUE(process.start());
  process.terminate();
  process.join();
  EXPECT_EQ(process.exitcode(), std::optional<int>(-SIGTERM));
  EXPECT_EQ(process.describe().rfind("killed by signal 15", 0), 0U) << process.describe();
  process.terminate();  // reaped: nothing is sent, nothing fails
  process.kill();
}

TEST_F(Signals, KillEndsAChildThatIgnoresSigterm) {
  const Shared<Gate> ready;
  const pid_t parent = ::getpid();
  Process process([&] {
    testing::die_with_parent(parent);
    ::signal(SIGTERM, SIG_IGN);
    ready->open = 1;
    for (;;) {
      ::pause();
    }
  });
  ASSERT_TRUE(process.start());
  ready->wait();
  process.terminate();
  EXPECT_FALSE(process.join_for(100ms)) << "the child ignores SIGTERM: it should still run";
  process.kill();
  process.join();
  EXPECT_EQ(process.exitcode(), std::optional<int>(-SIGKILL));
}

TEST_F(Destructor, ReapsAChildThatEndedWithoutJoin) {
  pid_t pid = 0;
  {
    Process process([] { return 0; });
    ASSERT_TRUE(process.start());
    pid = process.pid();
    // Wait until it is a zombie: it has ended, and only waitpid() can collect it now.
    const auto give_up = std::chrono::steady_clock::now() + testing::progress_limit();
    auto is_zombie = [pid] {
      for (const testing::Child& child : testing::children_of_this_process()) {
        if (child.pid == pid && child.state == 'Z') {
          return true;
        }
      }
      return false;
    };
    while (!is_zombie() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(1ms);
    }
  }
  for (const testing::Child& child : testing::children_of_this_process()) {
    EXPECT_NE(child.pid, pid) << "the destroyed Process left its child as "
                              << ::testing::PrintToString(child);
  }
}

TEST_F(Destructor, KillsAndReapsARunningChild) {
  const pid_t parent = ::getpid();
  {
    Process process([parent] {
      testing::die_with_parent(parent);
      std::this_thread::sleep_for(60s);
    });
    ASSERT_TRUE(process.start());
  }
  EXPECT_TRUE(testing::children_of_this_process().empty())
      << "the destructor returned, and left its running child behind";
}

TEST_F(StartAllThenJoinAll, RunsEachTaskInAChildOfItsOwn) {
  // Seed 001's `Process(target=spawn())` ran spawn() in the parent. Here each task writes the
  // pid it runs in; those must be the children's pids, all different, none the parent's.
  const Shared<PidSlots> seen;
  const pid_t parent = ::getpid();
  constexpr int kTasks = 5;
  std::vector<std::function<int()>> tasks;
  for (int i = 0; i < kTasks; ++i) {
    tasks.emplace_back([&seen, parent, i] {
      testing::die_with_parent(parent);
      (*seen)[static_cast<std::size_t>(i)] = ::getpid();
      return 10 + i;
    });
  }
  std::vector<Process> processes = start_all_then_join_all(std::move(tasks));
  ASSERT_EQ(processes.size(), static_cast<std::size_t>(kTasks));
  std::set<pid_t> pids;
  for (int i = 0; i < kTasks; ++i) {
    Process& process = processes[static_cast<std::size_t>(i)];
    const pid_t ran_in = (*seen)[static_cast<std::size_t>(i)].load();
    EXPECT_NE(ran_in, parent) << "task " << i << " ran in the parent, not in a child";
    EXPECT_EQ(ran_in, process.pid()) << "task " << i << " did not run in its own child";
    EXPECT_EQ(process.exitcode(), std::optional<int>(10 + i)) << "task " << i;
    pids.insert(process.pid());
  }
  EXPECT_EQ(pids.size(), static_cast<std::size_t>(kTasks)) << "children share a pid";
}

TEST_F(StartAllThenJoinAll, ReportsHowEachTaskEnded) {
  std::vector<std::function<int()>> tasks;
  tasks.emplace_back([] { return 0; });
  tasks.emplace_back([]() -> int { throw std::runtime_error("task 1 fails"); });
  tasks.emplace_back([]() -> int { testing::abort_without_core_file(); });
  tasks.emplace_back([] { return 9; });
  std::vector<Process> processes = start_all_then_join_all(std::move(tasks));
  ASSERT_EQ(processes.size(), 4U);
  EXPECT_EQ(processes[0].exitcode(), std::optional<int>(0));
  EXPECT_EQ(processes[1].exitcode(), std::optional<int>(1));
  EXPECT_EQ(processes[2].exitcode(), std::optional<int>(-SIGABRT));
  EXPECT_EQ(processes[3].exitcode(), std::optional<int>(9));
}

TEST_F(PidCounterTable, CountsPerKeyAndInTotal) {
  PidCounter counter;
  counter.add(7, 5);
  counter.add(-2, 3);
  counter.add(7, 2);
  EXPECT_EQ(counter.count(7), 7);
  EXPECT_EQ(counter.count(-2), 3);
  EXPECT_EQ(counter.count(99), 0);
  EXPECT_EQ(counter.total(), 10);
  const PidCounter::Snapshot snapshot = counter.snapshot();
  EXPECT_EQ(snapshot.counts, (std::map<int, long>{{-2, 3}, {7, 7}}));
  EXPECT_EQ(snapshot.total, 10);
  EXPECT_EQ(counter.recoveries(), 0);
}

TEST_F(PidCounterTable, ChildrenCountIntoTheParentsTableAsInTheSeed) {
  // Seed 001: two processes each count to 10 under their own pid in a Manager dict.
  PidCounter counter;
  const pid_t parent = ::getpid();
  Process first([&] {
    testing::die_with_parent(parent);
    for (int i = 0; i < 10; ++i) {
      counter.add(::getpid(), 1);
    }
  });
  Process second([&] {
    testing::die_with_parent(parent);
    for (int i = 0; i < 7; ++i) {
      counter.add(::getpid(), 2);
    }
  });
  ASSERT_TRUE(first.start());
  ASSERT_TRUE(second.start());
  first.join();
  second.join();
  ASSERT_EQ(first.exitcode(), std::optional<int>(0));
  ASSERT_EQ(second.exitcode(), std::optional<int>(0));
  const PidCounter::Snapshot snapshot = counter.snapshot();
  EXPECT_EQ(snapshot.counts, (std::map<int, long>{{first.pid(), 10}, {second.pid(), 14}}))
      << "the children's counts did not reach the parent: is the table in MAP_SHARED memory?";
  EXPECT_EQ(snapshot.total, 24);
}

TEST_F(PidCounterTable, AFullTableRefusesANewKeyButNotAnOldOne) {
  PidCounter counter;
  for (int key = 0; key < static_cast<int>(PidCounter::kCapacity); ++key) {
    counter.add(key * 3, key);
  }
  EXPECT_THROW(counter.add(-1, 1), std::length_error);
  counter.add(3, 100);
  EXPECT_EQ(counter.count(3), 101);
  EXPECT_EQ(counter.count(-1), 0);
}

}  // namespace
}  // namespace lab07
