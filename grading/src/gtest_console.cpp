#include "conclab/grading/gtest_console.hpp"

#include <algorithm>
#include <cstdlib>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

constexpr std::string_view kRunMarker = "[ RUN      ] ";
constexpr std::string_view kOkMarker = "[       OK ] ";
constexpr std::string_view kFailedMarker = "[  FAILED  ] ";
constexpr std::string_view kSkippedMarker = "[  SKIPPED ] ";
constexpr std::string_view kRunningMarker = "[==========] Running ";

/// The test name after an end marker: "Suite.Name (12 ms)" -> "Suite.Name".
std::string_view name_after(std::string_view line, std::string_view marker) {
  std::string_view rest = line.substr(marker.size());
  return rest.substr(0, rest.find(' '));
}

/// The status an end-of-test line gives, if it is one.
std::optional<ConsoleStatus> end_status(std::string_view line) {
  if (line.starts_with(kOkMarker)) {
    return ConsoleStatus::passed;
  }
  if (line.starts_with(kFailedMarker)) {
    return ConsoleStatus::failed;
  }
  if (line.starts_with(kSkippedMarker)) {
    return ConsoleStatus::skipped;
  }
  return std::nullopt;
}

std::string_view end_marker(ConsoleStatus status) {
  switch (status) {
    case ConsoleStatus::passed:
      return kOkMarker;
    case ConsoleStatus::failed:
      return kFailedMarker;
    default:
      return kSkippedMarker;
  }
}

/// "FILE:LINE: Failure" or "FILE:LINE: Skipped": the FILE:LINE part, if the line is one.
std::optional<std::string> location_before(std::string_view line, std::string_view suffix) {
  if (!line.ends_with(suffix)) {
    return std::nullopt;
  }
  std::string_view head = line.substr(0, line.size() - suffix.size());
  while (head.ends_with(' ')) {
    head.remove_suffix(1);
  }
  if (!head.ends_with(':')) {
    return std::nullopt;
  }
  head.remove_suffix(1);  // FILE:LINE
  const std::size_t colon = head.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || !is_digits(head.substr(colon + 1))) {
    return std::nullopt;
  }
  return std::string(head);
}

}  // namespace

std::string ConsoleTest::skip_message() const {
  std::string message;
  bool in_message = false;
  for (const std::string& line : lines) {
    if (location_before(line, "Skipped")) {
      in_message = true;
      continue;
    }
    if (in_message && !trim(line).empty()) {
      if (!message.empty()) {
        message += ' ';
      }
      message += trim(line);
    }
  }
  return message;
}

std::vector<std::string> ConsoleTest::failures() const {
  std::vector<std::string> result;
  for (const std::string& line : lines) {
    if (auto location = location_before(line, "Failure")) {
      result.push_back(*location);
    } else if (!result.empty() && !trim(line).empty()) {
      result.back().append("\n").append(line);
    }
  }
  return result;
}

const ConsoleTest* ConsoleRun::unfinished() const {
  const auto found = std::find_if(tests.begin(), tests.end(), [](const ConsoleTest& test) {
    return test.status == ConsoleStatus::running;
  });
  return found == tests.end() ? nullptr : &*found;
}

const ConsoleTest* ConsoleRun::find(std::string_view full_name) const {
  const auto found = std::find_if(tests.begin(), tests.end(), [&](const ConsoleTest& test) {
    return test.full_name == full_name;
  });
  return found == tests.end() ? nullptr : &*found;
}

ConsoleRun parse_gtest_console(std::string_view output) {
  ConsoleRun run;
  ConsoleTest* current = nullptr;
  for (const std::string& line : split_lines(output)) {
    if (line.starts_with(kRunningMarker) && !run.announced_total) {
      run.announced_total = std::strtoul(line.c_str() + kRunningMarker.size(), nullptr, 10);
    } else if (line.starts_with(kRunMarker)) {
      run.tests.push_back(
          ConsoleTest{std::string(name_after(line, kRunMarker)), ConsoleStatus::running, {}});
      current = &run.tests.back();
    } else if (const auto status = end_status(line);
               status && current != nullptr &&
               name_after(line, end_marker(*status)) == current->full_name) {
      current->status = *status;
      current = nullptr;
    } else if (current != nullptr) {
      current->lines.push_back(line);
    }
  }
  return run;
}

}  // namespace conclab::grading
