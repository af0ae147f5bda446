#include "conclab/grading/ctest_summary.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>
#include <sstream>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

/// The number at the start of `text`, and `text` after it.
std::optional<std::size_t> take_number(std::string_view& text) {
  const std::size_t end = std::min(text.find_first_not_of("0123456789"), text.size());
  if (end == 0) {
    return std::nullopt;
  }
  const std::size_t number = std::stoul(std::string(text.substr(0, end)));
  text.remove_prefix(end);
  return number;
}

/// True when `text` starts with `prefix`, which is then taken off.
bool take(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) {
    return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

/// "N% tests passed, F tests failed out of T" anywhere in `line`.
std::optional<CtestSummary> parse_summary_line(std::string_view line) {
  const std::size_t at = line.find("% tests passed, ");
  if (at == std::string_view::npos || at == 0 ||
      std::isdigit(static_cast<unsigned char>(line[at - 1])) == 0) {
    return std::nullopt;
  }
  std::string_view rest = line.substr(at + std::string_view("% tests passed, ").size());
  const auto failed = take_number(rest);
  if (!failed || !(take(rest, " tests failed out of ") || take(rest, " test failed out of "))) {
    return std::nullopt;
  }
  const auto total = take_number(rest);
  if (!total) {
    return std::nullopt;
  }
  return CtestSummary{*failed, *total};
}

}  // namespace

std::optional<CtestSummary> parse_ctest_summary(std::string_view output) {
  std::optional<CtestSummary> last;
  for (const std::string& line : split_lines(output)) {
    if (auto summary = parse_summary_line(line)) {
      last = summary;
    }
  }
  return last;
}

std::string format_ctest_summary(const CtestSummary& summary) {
  const std::size_t passed = summary.total - std::min(summary.failed, summary.total);
  double percent = summary.total == 0
                       ? 0.0
                       : static_cast<double>(passed) * 100.0 / static_cast<double>(summary.total);
  if (summary.failed > 0 && percent > 99.0) {
    percent = 99.0;  // as CTest does
  }
  return std::to_string(std::lround(percent)) + "% tests passed, " +
         std::to_string(summary.failed) + " tests failed out of " + std::to_string(summary.total);
}

std::vector<std::string> skipped_proofs(std::string_view output) {
  static const std::regex skipped(R"(Test +#\d+: (\S+\.broken-\S+\.\S+) .*\*\*\*Skipped)");
  std::vector<std::string> names;
  std::istringstream lines{std::string(output)};
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_search(line, match, skipped)) {
      names.push_back(match[1].str());
    }
  }
  return names;
}

}  // namespace conclab::grading
