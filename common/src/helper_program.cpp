#include "conclab/helper_program.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>

// POSIX's, for posix_spawnp.
// NOLINTNEXTLINE(readability-redundant-declaration,cppcoreguidelines-avoid-non-const-global-variables)
extern char** environ;

namespace conclab {
namespace {

/// Reads everything `fd` gives until end of file or `deadline`; false on the deadline.
bool read_until(int fd, std::chrono::steady_clock::time_point deadline, std::string& output) {
  std::array<char, 8192> buffer{};
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd ready{.fd = fd, .events = POLLIN, .revents = 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
      continue;  // a timeout is caught at the top; EINTR just polls again
    }
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n <= 0) {
      return true;
    }
    output.append(buffer.data(), static_cast<std::size_t>(n));
  }
}

}  // namespace

HelperOutput run_helper_program(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout, bool with_stderr) {
  HelperOutput result;
  std::array<int, 2> pipe_ends{};
  if (argv.empty() || ::pipe2(pipe_ends.data(), O_CLOEXEC) != 0) {
    return result;
  }
  posix_spawn_file_actions_t actions{};
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  if (with_stderr) {
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  }
  std::vector<const char*> c_argv;
  for (const std::string& argument : argv) {
    c_argv.push_back(argument.c_str());
  }
  c_argv.push_back(nullptr);
  pid_t helper = 0;
  // posix_spawn's argv is char* const[] for C's sake; it does not write to the strings.
  const int spawned = posix_spawnp(&helper, c_argv.front(), &actions, nullptr,
                                   const_cast<char* const*>(c_argv.data()), environ);  // NOLINT
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  if (spawned != 0) {
    ::close(pipe_ends[0]);
    return result;
  }
  result.started = true;
  result.finished =
      read_until(pipe_ends[0], std::chrono::steady_clock::now() + timeout, result.output);
  ::close(pipe_ends[0]);
  if (!result.finished) {
    ::kill(helper, SIGKILL);
  }
  int status = 0;
  ::waitpid(helper, &status, 0);
  return result;
}

}  // namespace conclab
