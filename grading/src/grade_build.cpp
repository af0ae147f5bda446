#include "conclab/grading/grade_build.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "conclab/grading/cmake_driver.hpp"
#include "conclab/grading/compile_errors.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::grading {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kLogTailLines = 15;

/// Writes `text` to `file` unless it already holds exactly that (so Ninja rebuilds nothing
/// that did not change).
void write_if_changed(const fs::path& file, const std::string& text) {
  if (fs::exists(file) && read_file(file) == text) {
    return;
  }
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

/// `text` with every occurrence of `prefix` removed.
std::string without(std::string text, const std::string& prefix) {
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

/// The first compiler error of `log` with the slot's folder taken out of its paths, so the
/// student sees "threads.cpp:4:3: error: ..."; the end of the log when there is none.
std::vector<std::string> explain_failure(const std::string& log, const fs::path& sources,
                                         const RepoLayout& layout, std::string_view preset) {
  const std::string cleaned = without(log, sources.string() + "/");
  std::vector<std::string> lines;
  if (const auto error = first_compile_error(cleaned, layout.root(), layout.build_dir(preset))) {
    lines.push_back(without(error->headline, layout.display(sources) + "/"));
    for (const std::string& line : error->context) {
      lines.push_back(line);
    }
    return lines;
  }
  return last_lines(relative_to_root(cleaned, layout.root()), kLogTailLines);
}

}  // namespace

GradeSlot::GradeSlot(const RepoLayout& layout, const Lab& lab, int index)
    : layout_(layout), lab_(lab), index_(index) {}

std::string GradeSlot::variant() const {
  return "slot" + std::to_string(index_);
}

fs::path GradeSlot::sources(std::string_view preset) const {
  return layout_.build_dir(preset) / "grade" / lab_.dir_name / variant() / "src";
}

fs::path GradeSlot::lock_file() const {
  const fs::path dir = layout_.build_dir(kDefaultPreset) / "grade" / lab_.dir_name;
  fs::create_directories(dir);
  return dir / (variant() + ".lock");
}

std::string GradeSlot::staged_text(const LabSubmission& submission, const std::string& name) const {
  const auto found = submission.files.find(name);
  return found != submission.files.end() ? found->second : read_file(lab_.dir / name);
}

bool GradeSlot::same_as_solution(const LabSubmission& submission, const std::string& name) const {
  const fs::path solution = layout_.solution_dir(lab_.dir_name) / name;
  return fs::is_regular_file(solution) && staged_text(submission, name) == read_file(solution);
}

std::string GradeSlot::variant_for(const LabSubmission& submission) const {
  const std::vector<std::string>& files = lab_.student_files;
  const auto is_header = [](const std::string& name) { return !name.ends_with(".cpp"); };
  const auto same = [&](const std::string& name) { return same_as_solution(submission, name); };
  if (submission.missing.empty() && std::all_of(files.begin(), files.end(), same)) {
    return "solution";
  }
  // The same rule as conclab_add_grade_slots: a student file that is not a .cpp file is a header.
  const bool has_header = std::any_of(files.begin(), files.end(), is_header);
  const bool headers_same = std::all_of(files.begin(), files.end(), [&](const std::string& name) {
    return !is_header(name) || same(name);
  });
  return has_header && headers_same ? variant() + "_shared" : variant();
}

void GradeSlot::stage(const LabSubmission& submission, std::string_view preset) const {
  const fs::path into = sources(preset);
  fs::create_directories(into);
  for (const std::string& name : lab_.student_files) {
    write_if_changed(into / name, staged_text(submission, name));
  }
}

SlotBuild GradeSlot::build(std::string_view preset, const std::vector<std::string>& targets) const {
  SlotBuild outcome;
  const auto start = std::chrono::steady_clock::now();
  fs::create_directories(layout_.build_dir(preset));
  const MachineLock lock(layout_.build_dir(preset) / ".conclab-build.lock");
  RunResult result;
  if (!layout_.is_configured(preset)) {
    result = configure_preset(layout_, preset, false);
  }
  if (layout_.is_configured(preset)) {
    result = build_targets(layout_, preset, targets, false);
  }
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  outcome.compiled = result.succeeded();
  if (!outcome.compiled) {
    outcome.error = explain_failure(result.output, sources(preset), layout_, preset);
  }
  return outcome;
}

MachineLock::MachineLock(const fs::path& file, Mode mode)
    : fd_(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666)) {
  if (fd_ < 0) {
    throw std::runtime_error("cannot open the lock file " + file.string());
  }
  while (::flock(fd_, mode == Mode::shared ? LOCK_SH : LOCK_EX) != 0) {
    if (errno != EINTR) {
      ::close(fd_);
      throw std::runtime_error("cannot lock " + file.string());
    }
  }
}

MachineLock::~MachineLock() {
  ::close(fd_);  // closing the only descriptor releases the lock
}

}  // namespace conclab::grading
