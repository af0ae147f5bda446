#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstring>
#include <vector>

#include "conclab/watchdog.hpp"

// POSIX's, for posix_spawn.
// NOLINTNEXTLINE(readability-redundant-declaration,cppcoreguidelines-avoid-non-const-global-variables)
extern char** environ;

namespace lab06::demo {
namespace {

constexpr std::string_view kTimeoutVariable = "CONCLAB_DEMO_TIMEOUT=";

/// This process's environment, with CONCLAB_DEMO_TIMEOUT replaced by `seconds`.
std::vector<std::string> child_environment(double seconds) {
  std::vector<std::string> variables;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    if (!std::string_view(*variable).starts_with(kTimeoutVariable)) {
      variables.emplace_back(*variable);
    }
  }
  variables.push_back(std::string(kTimeoutVariable) + std::to_string(seconds));
  return variables;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) {
    pointers.push_back(text.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

/// Reads `fd` until end of file, or until `deadline` (then false).
bool read_all(int fd, std::chrono::steady_clock::time_point deadline, std::string& output) {
  std::array<char, 4096> buffer{};
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd ready{.fd = fd, .events = POLLIN, .revents = 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
      continue;  // a timeout is caught at the top; EINTR polls again
    }
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n <= 0) {
      return true;
    }
    output.append(buffer.data(), static_cast<std::size_t>(n));
  }
}

}  // namespace

ChildOutcome run_scenario_in_child(std::string_view scenario, double watchdog_seconds) {
  ChildOutcome outcome;
  std::array<int, 2> pipe_ends{};
  if (::pipe2(pipe_ends.data(), O_CLOEXEC) != 0) {
    return outcome;
  }
  posix_spawn_file_actions_t actions{};
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
  std::vector<std::string> arguments = {"demo", "--scenario", std::string(scenario)};
  std::vector<std::string> environment = child_environment(watchdog_seconds);
  const auto start = std::chrono::steady_clock::now();
  pid_t child = 0;
  // The program's own path: started as /proc/self/exe, the child would be called "exe" in the
  // watchdog's report.
  std::array<char, 4096> self{};
  const ssize_t length = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  const std::string program = length > 0
                                  ? std::string(self.data(), static_cast<std::size_t>(length))
                                  : std::string("/proc/self/exe");
  const int spawned = ::posix_spawn(&child, program.c_str(), &actions, nullptr,
                                    pointers_to(arguments).data(), pointers_to(environment).data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  if (spawned != 0) {
    ::close(pipe_ends[0]);
    return outcome;
  }
  outcome.started = true;
  // The child's own watchdog ends it; this deadline only guards against the watchdog failing.
  const auto guard =
      std::chrono::duration<double>(watchdog_seconds * conclab::timeout_scale() + 30);
  if (!read_all(pipe_ends[0], start + std::chrono::duration_cast<std::chrono::milliseconds>(guard),
                outcome.output)) {
    ::kill(child, SIGKILL);
  }
  ::close(pipe_ends[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) {
    outcome.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.signal = WTERMSIG(status);
  }
  return outcome;
}

}  // namespace lab06::demo
