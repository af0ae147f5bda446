#include "conclab/grading/time_table.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <regex>
#include <sstream>

#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

/// Width of the name column and of each figure column of the rendered tables.
constexpr std::size_t kNameWidth = 26;
constexpr int kFigureWidth = 15;

std::string figure(double seconds) {
  return format_fixed(seconds, 1);
}

}  // namespace

std::string lab_of(std::string_view name) {
  // lab01_..., lab01.x, labs/01-slug, grade/01-slug, corpus-01, "lab 01"
  static const std::regex pattern(
      R"((?:^|[^0-9a-z])(?:lab ?|labs/|grade/|corpus-)(\d\d)(?:[._ -]|$))");
  std::match_results<std::string_view::const_iterator> match;
  if (std::regex_search(name.begin(), name.end(), match, pattern)) {
    return match[1].str();
  }
  return std::string(kSharedRow);
}

std::size_t line_count(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
  }
  return lines;
}

std::map<std::string, double> ninja_seconds_by_lab(const std::filesystem::path& ninja_log,
                                                   std::size_t skip_lines) {
  std::map<std::string, double> seconds;
  std::ifstream in(ninja_log);
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    if (number++ < skip_lines || line.starts_with('#')) {
      continue;
    }
    // start_ms <TAB> end_ms <TAB> mtime <TAB> output <TAB> hash
    std::istringstream fields(line);
    long long start = 0;
    long long end = 0;
    std::string mtime;
    std::string output;
    if (fields >> start >> end >> mtime >> output && end >= start) {
      seconds[lab_of(output)] += static_cast<double>(end - start) / 1000.0;
    }
  }
  return seconds;
}

namespace {

/// Seconds per lab of the lines of `output` that `line` matches: its first group names what
/// lab_of reads, its second the seconds.
std::map<std::string, double> seconds_by_lab(std::string_view output, const std::regex& line) {
  std::map<std::string, double> seconds;
  for (const std::string& text : split_lines(output)) {
    std::smatch match;
    if (std::regex_search(text, match, line)) {
      seconds[lab_of(match[1].str())] += std::stod(match[2].str());
    }
  }
  return seconds;
}

}  // namespace

std::map<std::string, double> ctest_seconds_by_lab(std::string_view output) {
  static const std::regex test_line(R"(Test +#\d+: (\S+) .*?([0-9]+\.[0-9]+) sec)");
  return seconds_by_lab(output, test_line);
}

std::map<std::string, double> corpus_seconds_by_lab(std::string_view output) {
  static const std::regex grading_line(R"((?:ok|WRONG).* (lab \d\d) .*  ([0-9]+\.[0-9]+) s)");
  return seconds_by_lab(output, grading_line);
}

void TimeTable::add_stage(const std::string& stage, double seconds) {
  stages_.emplace_back(stage, seconds);
}

void TimeTable::add_lab(const std::string& column, const std::string& lab, double seconds) {
  if (std::find(columns_.begin(), columns_.end(), column) == columns_.end()) {
    columns_.push_back(column);
  }
  labs_[lab][column] += seconds;
}

void TimeTable::add_labs(const std::string& column, const std::map<std::string, double>& by_lab) {
  for (const auto& [lab, seconds] : by_lab) {
    add_lab(column, lab, seconds);
  }
}

std::string TimeTable::render() const {
  std::ostringstream out;
  std::size_t width = kNameWidth;
  for (const auto& stage : stages_) {
    width = std::max(width, stage.first.size() + 2);
  }
  const auto name_width = static_cast<int>(width);
  out << std::left << std::setw(name_width) << "stage" << std::right << std::setw(kFigureWidth)
      << "wall s" << '\n';
  double total = 0;
  for (const auto& [stage, seconds] : stages_) {
    out << std::left << std::setw(name_width) << stage << std::right << std::setw(kFigureWidth)
        << figure(seconds) << '\n';
    total += seconds;
  }
  out << std::left << std::setw(name_width) << "total" << std::right << std::setw(kFigureWidth)
      << figure(total) << '\n';
  if (labs_.empty()) {
    return out.str();
  }
  out << "\nper lab (build: compile seconds summed over parallel jobs; tests: test seconds "
         "summed over parallel runs; grader: seconds of each grading, summed over gradings run at "
         "once)\n"
      << std::left << std::setw(static_cast<int>(kNameWidth)) << "lab";
  for (const std::string& column : columns_) {
    out << std::right << std::setw(kFigureWidth) << column;
  }
  out << std::right << std::setw(kFigureWidth) << "total" << '\n';
  auto row = [&](const std::string& lab, const std::map<std::string, double>& figures) {
    out << std::left << std::setw(static_cast<int>(kNameWidth)) << lab;
    double sum = 0;
    for (const std::string& column : columns_) {
      const auto found = figures.find(column);
      const double seconds = found == figures.end() ? 0.0 : found->second;
      sum += seconds;
      out << std::right << std::setw(kFigureWidth) << figure(seconds);
    }
    out << std::right << std::setw(kFigureWidth) << figure(sum) << '\n';
  };
  for (const auto& [lab, figures] : labs_) {
    if (lab != kSharedRow) {
      row(lab, figures);
    }
  }
  if (const auto shared = labs_.find(std::string(kSharedRow)); shared != labs_.end()) {
    row(shared->first, shared->second);
  }
  return out.str();
}

}  // namespace conclab::grading
