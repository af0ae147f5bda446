#include "conclab/stack_capture.hpp"

#include "conclab/helper_program.hpp"

#include <sys/prctl.h>

#include <charconv>
#include <string>

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
  const HelperOutput helper =
      run_helper_program({"eu-stack", "-s", "-i", "-p", std::to_string(pid)}, timeout, true);
  if (!helper.started) {
    why_not = "eu-stack (from elfutils) is not installed";
    return {};
  }
  ThreadStacks stacks = parse_eu_stack(helper.output);
  if (stacks.empty()) {
    why_not = helper.finished
                  ? "eu-stack could not read the stacks: " + std::string(trim(helper.output))
                  : "eu-stack gave no answer in time";
  }
  return stacks;
}

}  // namespace conclab
