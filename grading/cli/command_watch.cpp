// conclab watch [LAB]: check a lab, then check it again every time a student file is saved.
#include <array>
#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <system_error>

#include "cli.hpp"
#include "conclab/grading/progress.hpp"
#include "conclab/grading/subprocess.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;
using grading::Lab;

constexpr std::chrono::milliseconds kPollInterval{500};

/// Each student file's modification time (the minimum for a missing file).
using Snapshot = std::map<std::string, fs::file_time_type>;

Snapshot snapshot(const Lab& lab) {
  Snapshot times;
  for (const std::string& file : lab.student_files) {
    std::error_code error;
    const auto time = fs::last_write_time(lab.dir / file, error);
    times[file] = error ? fs::file_time_type::min() : time;
  }
  return times;
}

/// The first file whose time differs between the two snapshots.
std::string changed_file(const Snapshot& before, const Snapshot& after) {
  for (const auto& [file, time] : after) {
    const auto old = before.find(file);
    if (old == before.end() || old->second != time) {
      return file;
    }
  }
  return {};
}

std::string clock_time() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  std::array<char, 16> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%H:%M:%S", &local);
  return {text.data(), length};
}

void print_header(const Lab& lab, const std::string& reason) {
  if (Style::is_terminal()) {
    std::cout << "\033[2J\033[H";  // a clear screen for each run, like rustlings
  }
  const std::string title =
      "conclab watch: lab " + lab.id + " (" + lab.slug + ")  " + clock_time() + "  " + reason;
  std::cout << Style::bold(std::string(title.size(), '=')) << '\n'
            << Style::bold(title) << '\n'
            << Style::bold(std::string(title.size(), '=')) << '\n';
}

/// Waits until a student file differs from `before`; returns it, or nothing on Ctrl-C.
std::optional<std::string> wait_for_save(const Lab& lab, const Snapshot& before) {
  if (std::string file = changed_file(before, snapshot(lab)); !file.empty()) {
    return file;  // saved while the check ran
  }
  while (grading::sleep_unless_interrupted(kPollInterval)) {
    if (std::string file = changed_file(before, snapshot(lab)); !file.empty()) {
      return file;
    }
  }
  return std::nullopt;
}

/// Once a lab passes, names the next lab that does not (if any) and how to move on to it.
void suggest_next_lab(const Session& session, const Lab& lab) {
  const Lab& next = choose_lab(session, std::nullopt);
  const grading::Progress progress = grading::load_progress(session.layout.progress_file());
  const auto entry = progress.find(next.dir_name);
  const bool next_passes =
      entry != progress.end() && entry->second.state == grading::LabState::passing;
  if (&next != &lab && !next_passes) {
    std::cout << Style::green("Well done! ") << "Next: ./conclab watch " << next.id << "  ("
              << next.title << ")\n";
  }
}

int watch(const std::optional<std::string>& name) {
  const Session session = open_session();
  const Lab& lab = choose_lab(session, name);
  std::string reason = "first run";
  while (true) {
    print_header(lab, reason);
    const Snapshot before = snapshot(lab);
    const int outcome = run_check(session, lab, CheckOptions{});
    if (outcome == kExitInterrupted || grading::interrupt_requested()) {
      break;
    }
    if (outcome == kExitOk) {
      suggest_next_lab(session, lab);
    }
    std::cout << '\n'
              << Style::dim("Watching the student files of labs/" + lab.dir_name +
                            ": save one to check again, Ctrl-C to stop.")
              << std::endl;
    const auto file = wait_for_save(lab, before);
    if (!file) {
      break;
    }
    reason = *file + " changed";
  }
  std::cout << "\nstopped watching\n";
  return kExitOk;
}

}  // namespace

Command add_watch_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "watch", "Check a lab, then again every time you save one of its files (Ctrl-C stops)");
  auto lab = std::make_shared<std::optional<std::string>>();
  command->add_option("LAB", *lab,
                      "The lab: 01, 1, threads-and-locks or 01-threads-and-locks "
                      "(default: the first lab that is not passing)");
  return Command{command, [lab] { return watch(*lab); }};
}

}  // namespace conclab::cli
