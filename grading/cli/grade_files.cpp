#include "grade_files.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "conclab/grading/grader.hpp"

namespace conclab::cli {

namespace fs = std::filesystem;

std::vector<const grading::Lab*> resolve_labs(const Session& session,
                                              const std::vector<std::string>& names) {
  std::vector<const grading::Lab*> labs;
  for (const std::string& name : names) {
    labs.push_back(&session.catalog.resolve(name));
  }
  return labs;
}

grading::Grade grade_one(const Session& session, const fs::path& input,
                         std::vector<const grading::Lab*> labs) {
  grading::GradeOptions options;
  options.labs = std::move(labs);
  options.scratch = scratch_dir(session.layout, "grade-" + std::to_string(::getpid()));
  options.log = [](const std::string& line) { std::cerr << Style::dim(line) << '\n'; };
  grading::prepare_grade_trees(session.layout, 1, options.log);
  grading::Grade grade = grading::grade_submission(session.layout, session.catalog, input, options);
  fs::remove_all(options.scratch);
  return grade;
}

fs::path scratch_dir(const grading::RepoLayout& layout, const std::string& name) {
  const fs::path dir = layout.build_dir(grading::kDefaultPreset) / "grading-scratch" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_script(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::trunc) << text;
  fs::permissions(file, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
}

void write_atomically(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  const fs::path temporary = file.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      throw std::runtime_error("cannot write " + temporary.string());
    }
  }
  fs::rename(temporary, file);
}

void write_grade_files(const fs::path& dir, const grading::Grade& grade,
                       const std::vector<grading::ReportFormat>& formats) {
  std::vector<grading::ReportFormat> ordered = formats;
  std::erase(ordered, grading::ReportFormat::json);
  ordered.push_back(grading::ReportFormat::json);
  for (const grading::ReportFormat format : ordered) {
    write_atomically(dir / grading::file_name(format), grading::render(grade, format, false));
  }
}

}  // namespace conclab::cli
