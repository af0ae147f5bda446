#include "conclab/watchdog.hpp"

#include "conclab/environment.hpp"
#include "conclab/patient_deadline.hpp"
#include "conclab/stack_capture.hpp"
#include "conclab/thread_activity.hpp"
#include "conclab/thread_waits.hpp"
#include "conclab/watchdog_verdict.hpp"

#include <pthread.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

namespace conclab {
namespace {

/// How long the stack capture may take before the report goes out without stacks.
constexpr std::chrono::seconds kStackCaptureBudget{10};

/// Kills the processes this one started, and theirs (a death test's child, a helper): they
/// would otherwise live on, maybe spinning, after we are gone. Each one found is stopped first,
/// so that a fork bomb cannot breed faster than it is collected; then every one is killed.
void kill_descendants() {
  for (const int pid :
       descendant_processes(::getpid(), [](int found) { ::kill(found, SIGSTOP); })) {
    ::kill(pid, SIGKILL);
  }
}

/// Ends the process and every process it started; when it leads its own process group (as
/// under the grader), the whole group too. A test run straight from CTest shares CTest's group:
/// then only we and our descendants go.
[[noreturn]] void end_process() {
  std::fflush(nullptr);
  kill_descendants();
  if (::getpgrp() == ::getpid()) {
    ::signal(SIGTERM, SIG_IGN);
    ::killpg(::getpgrp(), SIGTERM);
  }
  std::_Exit(kWatchdogExitCode);
}

std::string seconds_text(std::chrono::milliseconds duration) {
  std::ostringstream text;
  text << static_cast<double>(duration.count()) / 1000.0 << " s";
  return text.str();
}

/// The report's first two lines: how long the work had, and what that says about the hang.
std::string verdict_lines(const std::string& what, const PatientDeadline& deadline,
                          const std::string& prefix) {
  if (!deadline.stretched()) {
    return prefix + what + " did not finish within " + seconds_text(deadline.budget()) + ".\n" +
           prefix + "it is stuck: a deadlock, a wake-up that never came, or an endless loop.\n";
  }
  return prefix + what + " did not finish within " + seconds_text(deadline.elapsed()) + " (its " +
         seconds_text(deadline.budget()) + " were stretched while its threads kept working).\n" +
         prefix + std::string(kWatchdogStillWorking) +
         ": an endless loop, a spinning wait, or work far slower than it should be.\n";
}

/// The first two lines of a report made before the budget ran out, on a process that waits for
/// good (ForGoodLook).
std::string waits_for_good_lines(const std::string& what, const PatientDeadline& deadline,
                                 const std::string& prefix) {
  return prefix + what + " did not finish: after " + seconds_text(deadline.elapsed()) +
         " (of its " + seconds_text(deadline.budget()) +
         ") every one of its threads waits, with no time limit, for another of them, and none has "
         "run for a second.\n" +
         prefix + "it is stuck for good: a deadlock, or a wake-up that never came.\n";
}

/// The process's own threads, looked at every second from the start of a deadline: when every
/// one of them waits for good (waits_for_good()) at two looks in a row, and none ran in between,
/// nothing can ever wake them, and the hang is reported at once instead of at the budget.
class ForGoodLook {
 public:
  static constexpr std::chrono::seconds kInterval{1};

  explicit ForGoodLook(PatientDeadline::Clock::time_point start) : next_(start + kInterval) {}

  [[nodiscard]] PatientDeadline::Clock::time_point next() const { return next_; }

  /// Looks now; true when this look and the last saw the process wait for good, with no thread
  /// of it run in between.
  bool stuck() {
    next_ = PatientDeadline::Clock::now() + kInterval;
    // The walk over /proc for descendants costs more than our own threads: only when needed.
    if (!waits_for_good(inspect_own_threads(), false) ||
        !descendant_processes(::getpid()).empty()) {
      previous_.reset();
      return false;
    }
    ActivitySample sample = activity_of_others();
    const bool still = previous_ && activity_between(*previous_, sample).timeslices == 0;
    previous_ = std::move(sample);
    return still;
  }

 private:
  PatientDeadline::Clock::time_point next_;
  std::optional<ActivitySample> previous_;  // set while the last look saw it wait for good
};

[[noreturn]] void report_and_exit(const std::string& verdict) {
  std::ostringstream report;
  const std::string prefix = std::string(kWatchdogReportPrefix) + ' ';
  report << '\n'
         << verdict << prefix << "threads of process " << ::getpid()
         << " (the watchdog's own left out):\n";
  std::istringstream lines(describe_threads());
  for (std::string line; std::getline(lines, line);) {
    report << prefix << "  " << line << '\n';
  }
  std::fputs(report.str().c_str(), stderr);
  end_process();
}

/// Held by a watchdog thread whenever it runs (it waits without it), and by fork() from its
/// start to its end in the parent (pthread_atfork): a fork never lands while the watchdog
/// allocates or frees. GCC 12's AddressSanitizer does not lock its allocator around fork(), so a
/// child forked while another thread is inside malloc or free inherits the allocator's lock held,
/// and hangs at its first allocation: a test that forks (labs 07 to 09) would hang for no fault
/// of the code under test. glibc's malloc and ThreadSanitizer lock around fork themselves.
std::mutex& running_or_forking() {
  static std::mutex guard;
  return guard;
}

void keep_fork_out_of_watchdogs() {
  static std::once_flag registered;
  std::call_once(registered, [] {
    ::pthread_atfork([] { running_or_forking().lock(); }, [] { running_or_forking().unlock(); },
                     [] { running_or_forking().unlock(); });
  });
}

/// The watchdog thread's lock: the fork guard, then the watchdog's own mutex. A condition
/// variable waiting on it releases both.
class WatchLock {
 public:
  explicit WatchLock(std::mutex& own) : own_(own) { lock(); }
  WatchLock(const WatchLock&) = delete;
  WatchLock& operator=(const WatchLock&) = delete;
  WatchLock(WatchLock&&) = delete;
  WatchLock& operator=(WatchLock&&) = delete;
  ~WatchLock() { unlock(); }

  void lock() {
    running_or_forking().lock();
    own_.lock();
  }
  void unlock() {
    own_.unlock();
    running_or_forking().unlock();
  }
  /// Lets arm() and disarm() in while the thread keeps the fork guard.
  void release_own() { own_.unlock(); }
  void take_own() { own_.lock(); }

 private:
  std::mutex& own_;
};

}  // namespace

Watchdog::Watchdog() : thread_([this](const std::stop_token& stop) { watch(stop); }) {
  keep_fork_out_of_watchdogs();
  // A new thread allocates as it starts (its thread-local storage), before it takes the fork
  // guard: the constructor returns once it has, so that the caller's next fork is safe.
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return started_; });
}

Watchdog::Watchdog(std::chrono::milliseconds budget, std::string what) : Watchdog() {
  arm(budget, std::move(what));
}

Watchdog::~Watchdog() {
  thread_.request_stop();
}

void Watchdog::arm(std::chrono::milliseconds budget, std::string what) {
  {
    const std::scoped_lock lock(mutex_);
    budget_ = budget;
    what_ = std::move(what);
    armed_at_ = std::chrono::steady_clock::now();
    ++arming_;
  }
  changed_.notify_all();
}

void Watchdog::disarm() {
  {
    const std::scoped_lock lock(mutex_);
    armed_at_.reset();
    ++arming_;
  }
  changed_.notify_all();
}

void Watchdog::watch(const std::stop_token& stop) {
  WatchLock lock(mutex_);
  started_ = true;
  changed_.notify_all();
  while (!stop.stop_requested()) {
    if (!armed_at_) {
      changed_.wait(lock, stop, [&] { return armed_at_.has_value(); });
      continue;
    }
    const std::uint64_t arming = arming_;
    PatientDeadline deadline(budget_, activity_of_others, *armed_at_);
    ForGoodLook look(*armed_at_);
    const auto rearmed = [&] { return arming_ != arming; };
    while (
        !changed_.wait_until(lock, stop, std::min(deadline.next_check(), look.next()), rearmed) &&
        !stop.stop_requested()) {
      lock.release_own();  // reading /proc takes a moment: arm() and disarm() must not wait
      const auto now = PatientDeadline::Clock::now();
      const bool for_good = now >= look.next() && look.stuck();
      const bool goes_on = for_good || now < deadline.next_check() || deadline.check();
      lock.take_own();
      if (rearmed()) {
        continue;  // the work ended (or a new one began) while we looked: not a hang
      }
      const std::string prefix = std::string(kWatchdogReportPrefix) + ' ';
      if (for_good) {
        report_and_exit(waits_for_good_lines(what_, deadline, prefix));
      }
      if (!goes_on) {
        report_and_exit(verdict_lines(what_, deadline, prefix));
      }
    }
  }
}

double timeout_scale() {
  if (const auto scale = env_positive_number("CONCLAB_TIMEOUT_SCALE")) {
    return *scale;
  }
#ifdef CONCLAB_UNDER_SANITIZER
  return 3.0;
#else
  return 1.0;
#endif
}

std::string describe_threads() {
  // /proc first: attaching the stack reader wakes threads out of their system calls.
  std::vector<ThreadWait> threads = inspect_own_threads();
  std::vector<std::pair<int, std::vector<ThreadWait>>> children;
  std::vector<std::string> child_lines;
  for (const int pid : descendant_processes(::getpid())) {
    std::vector<std::string> lines = describe_process(pid);
    child_lines.insert(child_lines.end(), lines.begin(), lines.end());
    children.emplace_back(pid, inspect_process_threads(pid));
  }
  std::string why_no_stacks;
  attach_stacks(threads, capture_stacks(::getpid(), kStackCaptureBudget, why_no_stacks));
  std::string text;
  for (const std::string& line : explain_hang(threads)) {
    text += line + '\n';
  }
  if (!why_no_stacks.empty()) {
    text += "(no stacks: " + why_no_stacks + ")\n";
  }
  if (!child_lines.empty()) {
    text += "the processes it started (from /proc, without stacks):\n";
    for (const std::string& line : child_lines) {
      text += "  " + line + '\n';
    }
    if (const auto diagnosis = explain_process_hang(threads, children)) {
      text += *diagnosis + '\n';
    }
  }
  return text;
}

}  // namespace conclab
