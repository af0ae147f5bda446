#include "conclab/grading/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "conclab/grading/errors.hpp"

namespace conclab::grading {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Set by the signal handler, so it has to be a global of this type.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int /*signal*/) {
  g_interrupted = 1;
}

/// Owns a file descriptor and closes it.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      reset(std::exchange(other.fd_, -1));
    }
    return *this;
  }
  ~UniqueFd() { reset(); }

  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }
  void reset(int fd = -1) noexcept {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

/// Both ends of a pipe, close-on-exec.
struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

Pipe open_pipe() {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
    throw std::runtime_error("cannot create a pipe: " + errno_text(errno));
  }
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

/// Keeps the beginning and the end of a stream of output, at most `cap` bytes in all.
class OutputCollector {
 public:
  OutputCollector(std::size_t cap, bool stream)
      : head_limit_(cap / 2), tail_limit_(cap - cap / 2), stream_(stream) {}

  void append(std::string_view chunk) {
    if (stream_) {
      write_all(STDOUT_FILENO, chunk);
    }
    const std::size_t to_head = std::min(chunk.size(), head_limit_ - head_.size());
    head_.append(chunk.substr(0, to_head));
    tail_.append(chunk.substr(to_head));
    if (tail_.size() > 2 * tail_limit_) {
      drop_tail_front();
    }
  }

  /// The kept output, with a note where bytes were dropped; `truncated` says whether any were.
  std::string finish(bool& truncated) {
    if (tail_.size() > tail_limit_) {
      drop_tail_front();
    }
    truncated = dropped_ > 0;
    if (!truncated) {
      return head_ + tail_;
    }
    return head_ + "\n[conclab: " + std::to_string(dropped_) +
           " bytes of output were dropped here: the output was too long]\n" + tail_;
  }

 private:
  static void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
      const ssize_t written = ::write(fd, data.data(), data.size());
      if (written < 0 && errno == EINTR) {
        continue;
      }
      if (written <= 0) {
        return;  // our own output is gone: keep capturing regardless
      }
      data.remove_prefix(static_cast<std::size_t>(written));
    }
  }

  void drop_tail_front() {
    const std::size_t excess = tail_.size() - tail_limit_;
    tail_.erase(0, excess);
    dropped_ += excess;
  }

  std::size_t head_limit_;
  std::size_t tail_limit_;
  bool stream_;
  std::string head_;
  std::string tail_;
  std::size_t dropped_ = 0;
};

/// Why the child could not start: which step failed and errno.
struct StartFailure {
  int step = 0;  // 0: chdir, 1: exec, 2 and up: a detail::SandboxStep
  int error = 0;
};

/// Everything the child needs, prepared before fork() so the child only makes system calls.
struct ChildPlan {
  std::vector<std::string> argv_storage;
  std::vector<char*> argv;
  std::string working_dir;
  std::vector<std::pair<std::string, std::string>> env;
  bool capture_stderr = true;
  std::optional<detail::SandboxPlan> sandbox;
};

ChildPlan make_plan(const RunOptions& options) {
  ChildPlan plan;
  plan.argv_storage = options.argv;
  for (std::string& argument : plan.argv_storage) {
    plan.argv.push_back(argument.data());
  }
  plan.argv.push_back(nullptr);
  plan.working_dir = options.working_dir.string();
  plan.env = options.env;
  plan.capture_stderr = options.capture_stderr;
  if (options.sandbox) {
    plan.sandbox = detail::make_sandbox_plan(*options.sandbox);
  }
  return plan;
}

[[noreturn]] void fail_child(int report_fd, int step) {
  const StartFailure failure{step, errno};
  [[maybe_unused]] const ssize_t ignored = ::write(report_fd, &failure, sizeof failure);
  ::_exit(kProgramNotFoundExitCode);
}

/// Runs in the child after fork(): its own process group, the pipe as output, then exec.
[[noreturn]] void exec_child(const ChildPlan& plan, int output_fd, int report_fd) {
  ::setpgid(0, 0);
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGPIPE, SIG_DFL);
  const int null_fd = ::open("/dev/null", O_RDWR);
  ::dup2(null_fd, STDIN_FILENO);
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(plan.capture_stderr ? output_fd : null_fd, STDERR_FILENO);
  if (!plan.working_dir.empty() && ::chdir(plan.working_dir.c_str()) != 0) {
    fail_child(report_fd, 0);
  }
  for (const auto& [name, value] : plan.env) {
    ::setenv(name.c_str(), value.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): one thread
  }
  if (plan.sandbox) {
    if (const auto failed = detail::enter_sandbox(*plan.sandbox, output_fd, report_fd)) {
      fail_child(report_fd, static_cast<int>(*failed));
    }
  }
  ::execvp(plan.argv[0], plan.argv.data());
  fail_child(report_fd, 1);
}

/// Reads the child's report of a failed start; nothing if exec succeeded.
std::optional<StartFailure> read_start_failure(const UniqueFd& report_fd) {
  StartFailure failure;
  ssize_t got = 0;
  do {
    got = ::read(report_fd.get(), &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  if (got != static_cast<ssize_t>(sizeof failure)) {
    return std::nullopt;
  }
  return failure;
}

/// True once the child has exited; leaves it unreaped so its process group stays valid.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return true;  // nothing to wait for any more
  }
  return info.si_pid == pid;
}

/// Watches a running child: collects its output and enforces the time limit.
class ChildWatcher {
 public:
  ChildWatcher(pid_t pid, UniqueFd output, const RunOptions& options)
      : pid_(pid),
        output_(std::move(output)),
        collector_(options.output_cap, options.stream_output),
        deadline_(options.timeout.count() > 0
                      ? std::optional<Clock::time_point>(Clock::now() + options.timeout)
                      : std::nullopt) {}

  /// Waits for the child to end (or stops it), then reaps it into `result`.
  void watch(RunResult& result) {
    while (!has_exited(pid_)) {
      if (g_interrupted != 0) {
        result.interrupted = true;
        stop_group();
        break;
      }
      if (deadline_ && Clock::now() >= *deadline_) {
        result.timed_out = true;
        stop_group();
        break;
      }
      pump(wait_budget());
    }
    drain();
    reap(result);
    result.output = collector_.finish(result.output_truncated);
  }

 private:
  [[nodiscard]] milliseconds wait_budget() const {
    milliseconds budget = output_.is_open() ? milliseconds(100) : milliseconds(5);
    if (deadline_) {
      const auto left = std::chrono::duration_cast<milliseconds>(*deadline_ - Clock::now());
      budget = std::max(milliseconds(0), std::min(budget, left + milliseconds(1)));
    }
    return budget;
  }

  /// Waits up to `budget` for output and reads what came.
  void pump(milliseconds budget) {
    if (!output_.is_open()) {
      ::poll(nullptr, 0, static_cast<int>(budget.count()));
      return;
    }
    pollfd entry{output_.get(), POLLIN, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(budget.count()));
    if (ready > 0) {
      read_chunk();
    }
  }

  /// Reads one chunk; closes the pipe at its end.
  bool read_chunk() {
    std::array<char, 65536> buffer{};
    const ssize_t got = ::read(output_.get(), buffer.data(), buffer.size());
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) {
      return errno == EINTR;
    }
    if (got <= 0) {
      output_.reset();
      return false;
    }
    collector_.append(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    return true;
  }

  /// Reads what is left in the pipe without waiting (processes the child left behind may
  /// still hold it open).
  void drain() {
    if (!output_.is_open()) {
      return;
    }
    ::fcntl(output_.get(), F_SETFL, ::fcntl(output_.get(), F_GETFL) | O_NONBLOCK);
    while (output_.is_open() && read_chunk()) {
    }
    output_.reset();
  }

  /// SIGTERM to the whole group; SIGKILL a second later. The leader is not reaped yet, so
  /// the group id cannot have been reused.
  void stop_group() {
    ::kill(-pid_, SIGTERM);
    const auto give_up = Clock::now() + milliseconds(1000);
    while (!has_exited(pid_) && Clock::now() < give_up) {
      pump(milliseconds(20));
    }
    ::kill(-pid_, SIGKILL);
  }

  void reap(RunResult& result) const {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) {
      result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      result.signal = WTERMSIG(status);
    }
  }

  pid_t pid_;
  UniqueFd output_;
  OutputCollector collector_;
  std::optional<Clock::time_point> deadline_;
};

std::string describe_start_failure(const RunOptions& options, const StartFailure& failure) {
  const std::string program = options.argv.front();
  if (failure.step > 1 && options.sandbox) {
    const auto step = static_cast<detail::SandboxStep>(failure.step);
    return "cannot run " + program + ": " + detail::describe_sandbox_step(step, *options.sandbox) +
           ": " + errno_text(failure.error);
  }
  if (failure.step == 0) {
    return "cannot run " + program + " in " + options.working_dir.string() + ": " +
           errno_text(failure.error);
  }
  if (failure.error == ENOENT) {
    return program + " is not installed";
  }
  return "cannot run " + program + ": " + errno_text(failure.error);
}

}  // namespace

RunResult run(const RunOptions& options) {
  if (options.argv.empty()) {
    throw std::invalid_argument("run: no program given");
  }
  // Nothing buffered may be inherited: a child that flushes it (ThreadSanitizer's _exit does)
  // would print our output as its own.
  std::cout.flush();
  std::fflush(nullptr);
  const ChildPlan plan = make_plan(options);
  Pipe output = open_pipe();
  Pipe report = open_pipe();
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw std::runtime_error("cannot start a process: " + errno_text(errno));
  }
  if (pid == 0) {
    exec_child(plan, output.write_end.get(), report.write_end.get());
  }
  ::setpgid(pid, pid);  // also here, so the group exists before we might signal it
  output.write_end.reset();
  report.write_end.reset();

  RunResult result;
  result.pid = pid;
  if (const auto failure = read_start_failure(report.read_end)) {
    result.start_error = describe_start_failure(options, *failure);
    result.program_not_found = failure->step == 1 && failure->error == ENOENT;
  }
  ChildWatcher(pid, std::move(output.read_end), options).watch(result);
  result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  return result;
}

RunResult run_tool(const RunOptions& options) {
  RunResult result = run(options);
  if (result.program_not_found) {
    throw MissingTool(options.argv.front());
  }
  return result;
}

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a waiting poll() returns at once
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

bool interrupt_requested() noexcept {
  return g_interrupted != 0;
}

bool sleep_unless_interrupted(std::chrono::milliseconds duration) {
  const auto until = Clock::now() + duration;
  while (g_interrupted == 0) {
    const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
    if (left.count() <= 0) {
      return true;
    }
    ::poll(nullptr, 0, static_cast<int>(std::min(left, milliseconds(100)).count()));
  }
  return false;
}

std::string describe_exit(const RunResult& result) {
  if (result.timed_out) {
    return "was stopped after running out of time";
  }
  if (result.signal) {
    const char* name = ::sigdescr_np(*result.signal);
    return "was killed by signal " + std::to_string(*result.signal) + " (" +
           (name != nullptr ? name : "unknown") + ")";
  }
  return "exited with code " + std::to_string(result.exit_code);
}

}  // namespace conclab::grading
