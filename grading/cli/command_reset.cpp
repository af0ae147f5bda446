// conclab reset LAB [FILE] [--yes]: put a student file (or all of a lab's) back to the last
// committed version, keeping a backup of the current one.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;
using grading::Lab;
using grading::UserError;

constexpr std::size_t kGitOutputCap = std::size_t{64} << 20U;

/// A student file to restore: where it is and what the last commit has.
struct Restore {
  std::string repo_path;  // "labs/01-threads-and-locks/threads.cpp"
  std::string committed;
};

std::string student_file_list(const Lab& lab) {
  std::string list;
  for (const std::string& file : lab.student_files) {
    list += "\n  " + file;
  }
  return list;
}

/// The student files `file` names (all of them without it). Throws UserError for others.
std::vector<std::string> chosen_files(const Lab& lab, const std::optional<std::string>& file) {
  if (!file) {
    return lab.student_files;
  }
  for (const std::string& student_file : lab.student_files) {
    if (*file == student_file || *file == lab.repo_path(student_file) ||
        fs::path(*file).lexically_normal() == fs::path(lab.repo_path(student_file))) {
      return {student_file};
    }
  }
  throw UserError("'" + *file + "' is not one of the student files of lab " + lab.id + ":" +
                  student_file_list(lab));
}

grading::RunResult git(const Session& session, std::vector<std::string> arguments) {
  grading::RunOptions options;
  options.argv = {"git"};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  options.working_dir = session.layout.root();
  options.capture_stderr = false;
  options.output_cap = kGitOutputCap;
  return grading::run_tool(options);
}

void require_git_checkout(const Session& session) {
  if (!git(session, {"rev-parse", "--verify", "--quiet", "HEAD"}).succeeded()) {
    throw UserError(session.layout.root().string() +
                    " is not a git checkout with a commit, so there is no committed version "
                    "to restore");
  }
}

/// The files whose content differs from the last commit.
std::vector<Restore> changed_files(const Session& session, const Lab& lab,
                                   const std::vector<std::string>& files) {
  std::vector<Restore> changed;
  for (const std::string& file : files) {
    Restore restore{lab.repo_path(file), {}};
    const grading::RunResult shown = git(session, {"show", "HEAD:./" + restore.repo_path});
    if (!shown.succeeded()) {
      throw UserError(restore.repo_path + " is not in the last commit, so it cannot be restored");
    }
    restore.committed = shown.output;
    const fs::path current = session.layout.root() / restore.repo_path;
    if (fs::exists(current) && grading::read_file(current) == restore.committed) {
      continue;
    }
    changed.push_back(std::move(restore));
  }
  return changed;
}

/// build/default/conclab-backups/YYYYMMDD-HHMMSS (with a suffix if that is taken).
fs::path new_backup_dir(const Session& session) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  std::array<char, 32> stamp{};
  const std::size_t length = std::strftime(stamp.data(), stamp.size(), "%Y%m%d-%H%M%S", &local);
  const fs::path base = session.layout.backups_dir() / std::string(stamp.data(), length);
  fs::path dir = base;
  for (int n = 2; fs::exists(dir); ++n) {
    dir = base.string() + "-" + std::to_string(n);
  }
  return dir;
}

bool confirmed(const std::string& question) {
  if (::isatty(STDIN_FILENO) == 0) {
    throw UserError(
        "not restoring without confirmation: standard input is not a terminal. Add --yes to "
        "restore anyway");
  }
  std::cout << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) {
    std::cout << '\n';
    return false;
  }
  return answer == "y" || answer == "Y" || answer == "yes";
}

std::string question_for(const Session& session, const std::vector<Restore>& files,
                         const fs::path& backup_dir) {
  const std::string saved_to = session.layout.display(backup_dir);
  if (files.size() == 1) {
    return "Restore " + files.front().repo_path + "? Your changes are saved to " + saved_to + "/" +
           files.front().repo_path;
  }
  std::string names;
  for (const Restore& file : files) {
    names += "\n  " + file.repo_path;
  }
  return "Restore these files to the last committed version?" + names +
         "\nYour changes are saved to " + saved_to + "/";
}

void back_up_and_restore(const Session& session, const Restore& file, const fs::path& backup_dir) {
  const fs::path current = session.layout.root() / file.repo_path;
  if (fs::exists(current)) {
    const fs::path backup = backup_dir / file.repo_path;
    fs::create_directories(backup.parent_path());
    fs::copy_file(current, backup, fs::copy_options::overwrite_existing);
  }
  std::ofstream out(current, std::ios::binary | std::ios::trunc);
  out << file.committed;
  out.close();
  if (!out) {
    throw std::runtime_error("cannot write " + file.repo_path);
  }
  std::cout << "restored " << file.repo_path << '\n';
}

int reset(const std::string& lab_name, const std::optional<std::string>& file, bool yes) {
  const Session session = open_session();
  const Lab& lab = session.catalog.resolve(lab_name);
  const std::vector<std::string> files = chosen_files(lab, file);
  require_git_checkout(session);
  const std::vector<Restore> changed = changed_files(session, lab, files);
  if (changed.empty()) {
    std::cout << (files.size() == 1 ? lab.repo_path(files.front()) + " is"
                                    : "every student file of labs/" + lab.dir_name + " is")
              << " as last committed: nothing to restore\n";
    return kExitOk;
  }
  const fs::path backup_dir = new_backup_dir(session);
  if (!yes && !confirmed(question_for(session, changed, backup_dir))) {
    std::cout << "nothing restored\n";
    return kExitOk;
  }
  for (const Restore& restore : changed) {
    back_up_and_restore(session, restore, backup_dir);
  }
  std::cout << "your previous version is in " << session.layout.display(backup_dir) << "/\n";
  return kExitOk;
}

}  // namespace

Command add_reset_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "reset", "Put a student file (or all of a lab's) back to the last committed version");
  auto lab = std::make_shared<std::string>();
  auto file = std::make_shared<std::optional<std::string>>();
  auto yes = std::make_shared<bool>(false);
  command->add_option("LAB", *lab, "The lab: 01, 1, threads-and-locks or 01-threads-and-locks")
      ->required();
  command->add_option("FILE", *file, "One of the lab's student files (default: all of them)");
  command->add_flag("-y,--yes", *yes, "Do not ask; your current files are backed up anyway");
  command->footer("Your current version is always copied to build/default/conclab-backups/ first.");
  return Command{command, [lab, file, yes] { return reset(*lab, *file, *yes); }};
}

}  // namespace conclab::cli
