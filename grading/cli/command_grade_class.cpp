// conclab grade-class DIR --jobs N --out DIR: grade every submission of a class, resumably.
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "class_slurm.hpp"
#include "cli.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/grade_report.hpp"
#include "conclab/grading/gradebook.hpp"
#include "conclab/grading/grader.hpp"
#include "conclab/grading/progress.hpp"
#include "conclab/grading/slurm_script.hpp"
#include "conclab/grading/submission.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"
#include "grade_files.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct ClassOptions {
  std::string dir;
  std::string out;
  int jobs = 2;
  std::vector<std::string> labs;
  /// Write (and with `submit`, submit) Slurm batch scripts instead of grading here.
  bool slurm = false;
  bool submit = false;
  int node_slots = 1;
  /// Grade only this submission (a Slurm task), without writing the gradebook.
  std::string only;
  /// Only write the gradebook and summary from the results already in `out`.
  bool collect = false;
};

/// One student's submission and the folder its results go to.
struct Entry {
  fs::path input;
  std::string name;
};

bool is_submission(const fs::directory_entry& entry) {
  const std::string name = entry.path().filename().string();
  if (name.starts_with('.')) {
    return false;
  }
  return entry.is_directory() || name.ends_with(".zip") || name.ends_with(".tar.gz") ||
         name.ends_with(".tgz");
}

/// Every submission under `dir`, sorted, each with a results folder name of its own.
std::vector<Entry> list_submissions(const fs::path& dir) {
  if (!fs::is_directory(dir)) {
    throw grading::UserError(dir.string() + " is not a folder of submissions");
  }
  std::vector<fs::path> inputs;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (is_submission(entry)) {
      inputs.push_back(entry.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  std::vector<Entry> entries;
  std::set<std::string> taken;
  for (const fs::path& input : inputs) {
    std::string name = grading::submission_name(input);
    if (!taken.insert(name).second) {
      name = input.filename().string();  // "alice" and "alice.zip" both present
      taken.insert(name);
    }
    entries.push_back(Entry{input, name});
  }
  return entries;
}

/// The grade already in `dir`, if any (an unreadable one counts as none).
std::optional<grading::Grade> stored_grade(const fs::path& dir) {
  std::ifstream in(dir / "grade.json");
  if (!in) {
    return std::nullopt;
  }
  try {
    return grading::grade_from_json(nlohmann::json::parse(in));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

/// True when `out` holds a finished grade of exactly the content `entry` has now. A
/// provisional grade is not finished: a later run measures it again.
bool has_final_grade(const Session& session, const std::vector<const grading::Lab*>& labs,
                     const Entry& entry, const fs::path& out, const fs::path& scratch) {
  const auto stored = stored_grade(out);
  if (!stored || stored->provisional()) {
    return false;
  }
  const grading::Submission now =
      grading::fetch_submission(entry.input, session.catalog, labs, scratch / "fetch");
  return now.content_hash == stored->content_hash;
}

/// A grade for a submission the grader could not even open.
grading::Grade unreadable(const Entry& entry, const std::string& why) {
  grading::Grade grade;
  grade.submission = entry.name;
  grade.problems.push_back(why);
  grade.graded_at = grading::iso8601_now();
  return grade;
}

/// Prints "[ 12/30]  40%  ETA 6 min  alice: lab 01 race" on one line of standard error.
class ProgressBar {
 public:
  explicit ProgressBar(std::size_t total) : total_(total), start_(Clock::now()) {}

  void finished_one() {
    const std::scoped_lock lock(mutex_);
    ++done_;
    show_locked("");
  }

  void status(const std::string& line) {
    const std::scoped_lock lock(mutex_);
    show_locked(line);
  }

 private:
  void show_locked(const std::string& line) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    std::ostringstream text;
    text << "[" << done_ << "/" << total_ << "] " << (total_ == 0 ? 100 : 100 * done_ / total_)
         << "%";
    if (done_ > 0 && done_ < total_) {
      const double left =
          elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
      text << "  ETA " << grading::format_fixed(left / 60.0, 1) << " min";
    }
    if (!line.empty()) {
      text << "  " << line;
    }
    std::string shown = text.str().substr(0, 110);
    if (Style::is_terminal()) {
      std::cerr << "\r\033[K" << shown << std::flush;
    } else {
      std::cerr << shown << '\n';
    }
  }

  std::mutex mutex_;
  std::size_t total_;
  std::size_t done_ = 0;
  Clock::time_point start_;
};

/// Grades the submissions, `jobs` at a time, each worker in its own slot.
class ClassGrader {
 public:
  ClassGrader(const Session& session, const ClassOptions& options, std::vector<Entry> entries)
      : session_(session),
        options_(options),
        entries_(std::move(entries)),
        labs_(resolve_labs(session, options.labs)),
        bar_(entries_.size()) {}

  /// Grades what is not graded yet; returns how many were skipped as already graded.
  std::size_t run() {
    {
      std::vector<std::jthread> workers;
      for (int slot = 0; slot < options_.jobs; ++slot) {
        workers.emplace_back([this, slot] { work(slot); });
      }
    }
    if (Style::is_terminal()) {
      std::cerr << '\n';
    }
    return skipped_;
  }

  /// Grades once more, one at a time, every submission whose grade is provisional (a kind that
  /// could not be measured while the batch kept the machine busy). Returns how many were graded
  /// again and how many of those are still provisional.
  std::pair<std::size_t, std::size_t> remeasure_provisional() {
    std::size_t again = 0;
    std::size_t still = 0;
    for (const Entry& entry : entries_) {
      const fs::path out = fs::path(options_.out) / entry.name;
      const auto stored = stored_grade(out);
      if (grading::interrupt_requested() || !stored || !stored->provisional()) {
        continue;
      }
      ++again;
      grade_one(entry, 0, true);
      const auto regraded = stored_grade(out);
      if (regraded && regraded->provisional()) {
        ++still;
      }
    }
    return {again, still};
  }

 private:
  void work(int slot) {
    for (std::size_t i = next_++; i < entries_.size() && !grading::interrupt_requested();
         i = next_++) {
      grade_one(entries_[i], slot);
      bar_.finished_one();
    }
  }

  /// Grades `entry` in `slot`, unless its folder already holds a final grade of the same
  /// content (a provisional one is graded again); `again` grades it whatever its folder holds.
  void grade_one(const Entry& entry, int slot, bool again = false) {
    const fs::path out = fs::path(options_.out) / entry.name;
    const fs::path scratch = scratch_dir(session_.layout, "class-slot" + std::to_string(slot));
    std::ofstream log_file;  // one log per student
    fs::create_directories(out);
    log_file.open(out / "grade.log", std::ios::trunc);
    grading::GradeOptions grade_options;
    grade_options.labs = labs_;
    grade_options.slot = slot;
    grade_options.scratch = scratch;
    grade_options.log = [&](const std::string& line) {
      log_file << line << std::endl;
      bar_.status(entry.name + ": " + line);
    };
    try {
      if (!again && already_graded(entry, out, scratch)) {
        log_file << "already graded (same content): kept\n";
        ++skipped_;
        return;
      }
      const grading::Grade grade =
          grading::grade_submission(session_.layout, session_.catalog, entry.input, grade_options);
      if (grading::interrupt_requested()) {
        // Tests stopped half-way read as failures: no grade, so the next run grades it.
        log_file << "interrupted: not graded\n";
        fs::remove_all(scratch);
        return;
      }
      write_grade_files(out, grade, {grading::ReportFormat::text, grading::ReportFormat::html});
      ++graded_;
    } catch (const grading::UserError& error) {
      write_grade_files(out, unreadable(entry, error.what()), {grading::ReportFormat::text});
      ++graded_;
    } catch (const std::exception& error) {
      log_file << "the grader failed: " << error.what() << '\n';
      failures_.fetch_add(1);
    }
    fs::remove_all(scratch);
  }

  [[nodiscard]] bool already_graded(const Entry& entry, const fs::path& out,
                                    const fs::path& scratch) const {
    return has_final_grade(session_, labs_, entry, out, scratch);
  }

 public:
  /// Submissions the grader itself failed on.
  [[nodiscard]] int failures() const { return failures_.load(); }

  /// Submissions given a grade by this run (a grade kept from an earlier run not counted).
  [[nodiscard]] std::size_t graded() const { return graded_.load(); }

 private:
  const Session& session_;
  const ClassOptions& options_;
  std::vector<Entry> entries_;
  std::vector<const grading::Lab*> labs_;
  ProgressBar bar_;
  std::atomic<std::size_t> next_{0};
  std::atomic<std::size_t> skipped_{0};
  std::atomic<int> failures_{0};
  std::atomic<std::size_t> graded_{0};
};

/// gradebook.csv and summary.html from every grade.json under `out`.
void write_class_files(const fs::path& out, const std::vector<Entry>& entries) {
  std::vector<grading::Grade> grades;
  for (const Entry& entry : entries) {
    if (auto grade = stored_grade(out / entry.name)) {
      grades.push_back(std::move(*grade));
    }
  }
  write_atomically(out / "gradebook.csv", grading::gradebook_csv(grades));
  write_atomically(out / "summary.html", grading::class_summary_html(grades));
}

/// The entry `name` names (grade-class's name for a submission): --only's choice.
std::vector<Entry> only_entry(const std::vector<Entry>& entries, const std::string& name) {
  for (const Entry& entry : entries) {
    if (entry.name == name) {
      return {entry};
    }
  }
  throw grading::UserError("no submission named '" + name + "' in the folder");
}

/// The entries without a final grade of their current content in `out` (grade-class's rule
/// for what a later run grades).
std::vector<Entry> needing_grade(const Session& session, const ClassOptions& options,
                                 const std::vector<Entry>& entries) {
  const std::vector<const grading::Lab*> labs = resolve_labs(session, options.labs);
  const fs::path scratch = scratch_dir(session.layout, "class-plan");
  std::vector<Entry> needed;
  for (const Entry& entry : entries) {
    try {
      if (!has_final_grade(session, labs, entry, fs::path(options.out) / entry.name, scratch)) {
        needed.push_back(entry);
      }
    } catch (const grading::UserError&) {
      needed.push_back(entry);  // unreadable now: its task writes why
    }
  }
  fs::remove_all(scratch);
  return needed;
}

/// --slurm: the batch scripts for the submissions that need a grade.
int run_slurm(const Session& session, const ClassOptions& options,
              const std::vector<Entry>& entries) {
  const std::vector<Entry> needed = needing_grade(session, options, entries);
  if (needed.empty()) {
    write_class_files(options.out, entries);
    std::cout << "every submission already has a final grade; gradebook: "
              << (fs::path(options.out) / "gradebook.csv").string() << '\n';
    return kExitOk;
  }
  grading::SlurmPlan plan;
  plan.course = session.layout.root();
  plan.submissions = fs::absolute(options.dir).lexically_normal();
  plan.out = fs::absolute(options.out).lexically_normal();
  for (const grading::Lab* lab : resolve_labs(session, options.labs)) {
    plan.labs.push_back(lab->id);
  }
  for (const Entry& entry : needed) {
    plan.students.push_back(entry.name);
  }
  plan.node_slots = options.node_slots;
  return write_slurm_jobs(plan, options.submit);
}

/// --collect: the gradebook of the results in OUT. Fails, naming them, when submissions have
/// no grade there (a Slurm task that failed or never ran: its log is in OUT/slurm).
int collect(const ClassOptions& options, const std::vector<Entry>& entries) {
  write_class_files(options.out, entries);
  std::cout << "gradebook: " << (fs::path(options.out) / "gradebook.csv").string() << '\n';
  std::vector<std::string> missing;
  for (const Entry& entry : entries) {
    if (!stored_grade(fs::path(options.out) / entry.name)) {
      missing.push_back(entry.name);
    }
  }
  if (missing.empty()) {
    return kExitOk;
  }
  std::cerr << "conclab: no grade for " << grading::join(missing, ", ")
            << ": not in the gradebook (the Slurm logs are in "
            << (fs::path(options.out) / "slurm").string() << ")\n";
  return kExitFailed;
}

/// Checks the options that go together, and those that do not.
void check_options(const ClassOptions& options) {
  if (options.jobs < 1 || options.jobs > 16) {
    throw grading::UserError("--jobs must be between 1 and 16, not " +
                             std::to_string(options.jobs));
  }
  if (options.node_slots < 1 || options.node_slots > 64) {
    throw grading::UserError("--node-slots must be between 1 and 64, not " +
                             std::to_string(options.node_slots));
  }
  if (options.submit && !options.slurm) {
    throw grading::UserError("--submit goes with --slurm");
  }
  if (int(options.slurm) + int(options.collect) + int(!options.only.empty()) > 1) {
    throw grading::UserError("--slurm, --collect and --only exclude each other");
  }
  if (options.slurm && options.out.find_first_of(" \t\n") != std::string::npos) {
    throw grading::UserError("with --slurm, --out must be a path without spaces (#SBATCH lines)");
  }
}

/// Grades `entries` here, `options.jobs` at a time; the gradebook unless `options.only`.
int grade_here(const Session& session, const ClassOptions& options,
               const std::vector<Entry>& all_entries) {
  const std::vector<Entry> entries =
      options.only.empty() ? all_entries : only_entry(all_entries, options.only);
  grading::prepare_grade_trees(session.layout, options.jobs,
                               [](const std::string& line) { std::cerr << line << '\n'; });
  ClassGrader grader(session, options, entries);
  const std::size_t skipped = grader.run();
  const std::size_t graded = grader.graded();  // before the provisional ones are graded again
  const auto [remeasured, still_provisional] = grader.remeasure_provisional();
  if (options.only.empty()) {
    write_class_files(options.out, entries);
  }
  std::cout << "graded " << graded << " of " << entries.size() << " submissions (" << skipped
            << " already graded)";
  if (options.only.empty()) {
    std::cout << "; gradebook: " << (fs::path(options.out) / "gradebook.csv").string();
  }
  std::cout << '\n';
  if (remeasured > 0) {
    std::cout << "graded " << remeasured << " provisional grade" << (remeasured == 1 ? "" : "s")
              << " again, one at a time; " << still_provisional
              << " still provisional (the gradebook's provisional column): a later grade-class "
                 "run measures them again\n";
  }
  if (grading::interrupt_requested()) {
    std::cout << "interrupted: " << entries.size() - skipped - graded
              << " not graded yet; the same command grades them (and keeps the rest)\n";
    return kExitInterrupted;
  }
  return grader.failures() == 0 ? kExitOk : kExitFailed;
}

int run_grade_class(ClassOptions options) {
  check_options(options);
  const Session session = open_session();
  const std::vector<Entry> entries = list_submissions(options.dir);
  if (entries.empty()) {
    throw grading::UserError(options.dir + " holds no submission (folders, .zip or .tar.gz)");
  }
  if (options.collect) {
    return collect(options, entries);
  }
  if (options.slurm) {
    return run_slurm(session, options, entries);
  }
  if (!options.only.empty()) {
    options.jobs = 1;  // one Slurm task, one slot
  }
  return grade_here(session, options, entries);
}

}  // namespace

Command add_grade_class_command(CLI::App& app) {
  CLI::App* command =
      app.add_subcommand("grade-class",
                         "Grade every submission in a folder: one result per student, a gradebook "
                         "and a summary; a second run resumes where the first stopped");
  auto options = std::make_shared<ClassOptions>();
  command->add_option("DIR", options->dir, "A folder with one folder or archive per student")
      ->required();
  command->add_option("--out", options->out, "Where the results go")->required();
  command->add_option("--jobs", options->jobs, "Submissions graded at once")->capture_default_str();
  command->add_option("--lab", options->labs, "Grade this lab (repeatable; default: those found)");
  command->add_flag("--slurm", options->slurm,
                    "Write a Slurm job array (one task per submission needing a grade) and a "
                    "collect job into OUT/slurm instead of grading here");
  command->add_flag("--submit", options->submit, "With --slurm: submit them with sbatch");
  command
      ->add_option("--node-slots", options->node_slots,
                   "With --slurm: copies of the course per node, tasks graded at once per node")
      ->capture_default_str();
  command->add_flag("--collect", options->collect,
                    "Only write gradebook.csv and summary.html from the results in OUT");
  command->add_option("--only", options->only, "Grade only this submission (a Slurm task)")
      ->group("");
  return Command{command, [options] { return run_grade_class(*options); }};
}

}  // namespace conclab::cli
