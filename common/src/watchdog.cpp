#include "conclab/watchdog.hpp"

#include "conclab/environment.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace conclab {
namespace {

std::string read_first_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

/// What a thread blocked in system call `number` is most likely waiting for.
std::string_view explain_syscall(long number) {
  switch (number) {
    case 202:
      return "waiting on a futex: a mutex, a condition variable or a join";
    case 35:
    case 230:
      return "sleeping";
    case 0:
    case 7:
    case 232:
    case 281:
      return "waiting for input";
    case 61:
    case 247:
      return "waiting for a child process";
    default:
      return "in a system call";
  }
}

std::string describe_thread(const std::filesystem::path& task_dir) {
  const std::string stat = read_first_line(task_dir / "stat");
  const auto name_end = stat.rfind(')');
  const char state =
      name_end != std::string::npos && name_end + 2 < stat.size() ? stat[name_end + 2] : '?';
  std::ostringstream line;
  line << "thread " << task_dir.filename().string() << " \"" << read_first_line(task_dir / "comm")
       << "\" ";
  if (state == 'R') {
    line << "is running (a busy loop or spinning wait?)";
  } else {
    long syscall_number = -1;
    std::istringstream(read_first_line(task_dir / "syscall")) >> syscall_number;
    line << "is blocked, " << explain_syscall(syscall_number);
  }
  return line.str();
}

[[noreturn]] void report_and_exit(const std::string& what, std::chrono::milliseconds budget) {
  std::ostringstream report;
  const std::string prefix = std::string(kWatchdogReportPrefix) + ' ';
  report << '\n'
         << prefix << what << " did not finish within "
         << static_cast<double>(budget.count()) / 1000.0 << " s.\n"
         << prefix << "it is stuck: a deadlock, a wake-up that never came, or an endless loop.\n"
         << prefix << "threads of process " << ::getpid() << " (the watchdog's own left out):\n";
  std::istringstream lines(describe_threads());
  for (std::string line; std::getline(lines, line);) {
    report << prefix << "  " << line << '\n';
  }
  std::fputs(report.str().c_str(), stderr);
  std::fflush(nullptr);
  std::_Exit(kWatchdogExitCode);
}

}  // namespace

Watchdog::Watchdog() : thread_([this](const std::stop_token& stop) { watch(stop); }) {}

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
    deadline_ = std::chrono::steady_clock::now() + budget;
  }
  changed_.notify_all();
}

void Watchdog::disarm() {
  {
    const std::scoped_lock lock(mutex_);
    deadline_.reset();
  }
  changed_.notify_all();
}

void Watchdog::watch(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (!deadline_) {
      changed_.wait(lock, stop, [&] { return deadline_.has_value(); });
      continue;
    }
    const auto deadline = *deadline_;
    const bool changed =
        changed_.wait_until(lock, stop, deadline, [&] { return deadline_ != deadline; });
    if (!changed && !stop.stop_requested()) {
      report_and_exit(what_, budget_);
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
  std::ostringstream out;
  const std::string self = std::to_string(::gettid());
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    if (entry.path().filename() != self) {
      out << describe_thread(entry.path()) << '\n';
    }
  }
  return out.str();
}

}  // namespace conclab
