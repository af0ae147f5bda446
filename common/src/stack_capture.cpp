#include "conclab/stack_capture.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <string>

extern char** environ;  // NOLINT(readability-redundant-declaration): for posix_spawnp

namespace conclab {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

int to_int(std::string_view text) {
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

/// "#3  0x00007f39a22aa482 ___pthread_mutex_lock" -> the function name ("" when absent).
std::string frame_function(std::string_view line) {
  const auto address = line.find("0x");
  if (address == std::string_view::npos) {
    return {};
  }
  const auto space = line.find(' ', address);
  return space == std::string_view::npos ? std::string() : std::string(trim(line.substr(space)));
}

/// "/tmp/es.cpp:10:90" -> file "/tmp/es.cpp", line 10.
void add_location(StackFrame& frame, std::string_view location) {
  const auto column_colon = location.rfind(':');
  if (column_colon == std::string_view::npos || column_colon == 0) {
    return;
  }
  const auto line_colon = location.rfind(':', column_colon - 1);
  if (line_colon == std::string_view::npos) {
    return;
  }
  frame.file = std::string(location.substr(0, line_colon));
  frame.line = to_int(location.substr(line_colon + 1, column_colon - line_colon - 1));
}

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

ThreadStacks parse_eu_stack(std::string_view output) {
  ThreadStacks stacks;
  std::vector<StackFrame>* current = nullptr;
  while (!output.empty()) {
    const auto end = output.find('\n');
    const std::string_view line = output.substr(0, end);
    output = end == std::string_view::npos ? std::string_view() : output.substr(end + 1);
    const std::string_view content = trim(line);
    if (content.starts_with("TID ")) {
      current = &stacks[to_int(content.substr(4))];
    } else if (current != nullptr && content.starts_with('#')) {
      current->push_back({.function = frame_function(content), .file = {}, .line = 0});
    } else if (current != nullptr && !current->empty() && !content.empty() &&
               line.starts_with(' ')) {
      add_location(current->back(), content);
    }
  }
  return stacks;
}

ThreadStacks capture_stacks(int pid, std::chrono::milliseconds timeout, std::string& why_not) {
  // Where Yama restricts tracing to ancestors, allow the helper (our child) to trace us.
  ::prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  std::array<int, 2> pipe_ends{};
  if (::pipe2(pipe_ends.data(), O_CLOEXEC) != 0) {
    why_not = "no pipe for eu-stack";
    return {};
  }
  posix_spawn_file_actions_t actions{};
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
  const std::string pid_text = std::to_string(pid);
  std::array<const char*, 7> argv = {"eu-stack", "-s", "-i", "-p", pid_text.c_str(), nullptr};
  pid_t helper = 0;
  // posix_spawn's argv is char* const[] for C's sake; it does not write to the strings.
  const int spawned = posix_spawnp(&helper, "eu-stack", &actions, nullptr,
                                   const_cast<char* const*>(argv.data()), environ);  // NOLINT
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  if (spawned != 0) {
    ::close(pipe_ends[0]);
    why_not = "eu-stack (from elfutils) is not installed";
    return {};
  }
  std::string output;
  const bool finished =
      read_until(pipe_ends[0], std::chrono::steady_clock::now() + timeout, output);
  ::close(pipe_ends[0]);
  if (!finished) {
    ::kill(helper, SIGKILL);
  }
  int status = 0;
  ::waitpid(helper, &status, 0);
  ThreadStacks stacks = parse_eu_stack(output);
  if (stacks.empty()) {
    why_not = finished ? "eu-stack could not read the stacks: " + std::string(trim(output))
                       : "eu-stack gave no answer in time";
  }
  return stacks;
}

}  // namespace conclab
