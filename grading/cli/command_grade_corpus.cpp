// conclab grade-corpus: grades the corpus of grading/corpus (and each lab's reference solution
// and untouched stubs) and checks every verdict: the proof that the grader is right.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "cli.hpp"
#include "conclab/grading/busy_neighbour.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/grade_profile.hpp"
#include "conclab/grading/grade_report.hpp"
#include "conclab/grading/grader.hpp"
#include "conclab/grading/grading_queue.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"
#include "grade_files.hpp"

namespace conclab::cli {

namespace {

namespace fs = std::filesystem;

/// The most the untouched stubs may score, as a fraction of the total. The tests they pass by
/// design are the lab's guards and earn nothing, so they should score zero; this leaves room
/// for one test they pass by chance.
constexpr double kStubsMaxFraction = 0.05;
constexpr double kEpsilon = 1e-6;
/// A grading longer than this shows where its time went, step by step, under its verdict.
constexpr double kSlowGradingSeconds = 60.0;

struct CorpusOptions {
  std::vector<std::string> labs;
  std::vector<std::string> only;
  int repeat = 1;
  /// Labs whose whole corpus is graded whatever `only` says, each submission that must get
  /// full marks `whole_repeat` times; in the same pool of gradings as the `labs`' selection.
  std::vector<std::string> whole;
  int whole_repeat = 1;
  int jobs = 1;
  bool neighbour = false;
  std::string out;
};

/// What grading one corpus entry must come to.
struct Expectation {
  enum class Kind { full_marks, near_zero, loses_exactly } kind = Kind::full_marks;
  /// For loses_exactly: the kinds that must lose points; every other kind keeps all of its.
  std::set<std::string> losing;
  /// The submission reaches for the test harness ("flagged": true): its grade must be flagged
  /// for the instructor. Every other entry must not be: a flag on honest code is a false alarm.
  bool flagged = false;
  /// Words the evidence must hold ("named_as": "heap-use-after-free"): the report names the
  /// bug as what it is, not only as the crash or hang it caused.
  std::string named_as = {};
};

/// One submission of the corpus, laid out as a student's clone.
struct CorpusEntry {
  std::string name;
  fs::path submission;
  Expectation expectation;
  int repeat = 1;
};

void copy_files(const fs::path& from, const std::vector<std::string>& names, const fs::path& to) {
  for (const std::string& name : names) {
    fs::copy_file(from / name, to / name, fs::copy_options::overwrite_existing);
  }
}

/// A clone-like folder labs/LAB/ with the lab's files, the solution's student files over them
/// (unless `stubs`), and `patch` applied.
fs::path materialize(const grading::Lab& lab, const fs::path& root, const fs::path& into,
                     bool stubs, const fs::path& patch) {
  const fs::path lab_dir = into / "labs" / lab.dir_name;
  fs::remove_all(into);
  fs::create_directories(lab_dir.parent_path());
  fs::copy(lab.dir, lab_dir, fs::copy_options::recursive);
  if (!stubs) {
    copy_files(grading::RepoLayout(root).solution_dir(lab.dir_name), lab.student_files, lab_dir);
  }
  if (!patch.empty()) {
    grading::RunOptions options;
    options.argv = {"patch",          "-p1",      "--batch",
                    "--forward",      "--silent", "-d",
                    lab_dir.string(), "-i",       fs::absolute(patch).string()};
    const grading::RunResult result = grading::run_tool(options);
    if (!result.succeeded()) {
      throw std::runtime_error(patch.string() + " does not apply: " + result.output);
    }
  }
  return into;
}

Expectation expectation_of(const nlohmann::json& variant) {
  Expectation expectation;
  expectation.flagged = variant.value("flagged", false);
  expectation.named_as = variant.value("named_as", "");
  if (variant.value("correct", false)) {
    return expectation;
  }
  expectation.kind = Expectation::Kind::loses_exactly;
  for (const auto& kind : variant.at("caught_by")) {
    expectation.losing.insert(kind.get<std::string>());
  }
  for (const auto& kind : variant.value("may_also_lose", nlohmann::json::array())) {
    expectation.losing.insert("~" + kind.get<std::string>());
  }
  return expectation;
}

std::vector<CorpusEntry> corpus_of(const Session& session, const grading::Lab& lab,
                                   const CorpusOptions& options, const fs::path& scratch) {
  const fs::path root = session.layout.root();
  std::vector<CorpusEntry> entries;
  auto wanted = [&](const std::string& name) {
    return options.only.empty() ||
           std::find(options.only.begin(), options.only.end(), name) != options.only.end();
  };
  if (wanted("reference")) {
    entries.push_back({"reference", materialize(lab, root, scratch / "reference", false, {}),
                       Expectation{}, options.repeat});
  }
  if (wanted("stubs")) {
    entries.push_back({"stubs", materialize(lab, root, scratch / "stubs", true, {}),
                       Expectation{Expectation::Kind::near_zero, {}}, 1});
  }
  const fs::path corpus = root / "grading" / "corpus" / lab.dir_name;
  std::vector<fs::path> variants;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (fs::exists(entry.path() / "variant.json")) {
      variants.push_back(entry.path());
    }
  }
  std::sort(variants.begin(), variants.end());
  for (const fs::path& variant : variants) {
    const std::string name = variant.filename().string();
    std::ifstream in(variant / "variant.json");
    const nlohmann::json description = nlohmann::json::parse(in);
    const bool selected = wanted(name) ||
                          (description.value("correct", false) && wanted("correct")) ||
                          (description.value("grader_only", false) && wanted("grader-only"));
    if (!selected) {
      continue;
    }
    if (description.value("slow", false) && options.only.empty()) {
      std::cout << "skipped lab " << lab.id << " " << name << " (slow: grade it with --only "
                << name << ")\n";
      continue;
    }
    const Expectation expectation = expectation_of(description);
    const int repeat = expectation.kind == Expectation::Kind::full_marks
                           ? description.value("repeat", options.repeat)
                           : 1;
    entries.push_back({name,
                       materialize(lab, root, scratch / name, false, variant / "variant.patch"),
                       expectation, repeat});
  }
  return entries;
}

/// What is wrong with the guards of `lab` (lab.json) given the stubs' grade `stubs`: each must
/// name tests, and the stubs must pass every one of them, or it is a task and not a guard.
std::vector<std::string> guard_problems(const grading::Lab& lab, const grading::GradedLab& stubs) {
  std::vector<std::string> problems;
  for (const std::string& pattern : lab.guards) {
    bool named = false;
    for (const grading::GradedKind& kind : stubs.kinds) {
      for (const grading::GradedTest& test : kind.tests) {
        if (!grading::test_pattern_matches(pattern, test.name)) {
          continue;
        }
        named = true;
        if (test.status != grading::GradedStatus::passed) {
          problems.push_back("the guard " + test.name +
                             " does not pass on the stubs: it is a task test, not a guard");
        }
      }
    }
    if (!named) {
      problems.push_back("the guard " + pattern + " names no test");
    }
  }
  return problems;
}

/// The tests of `lab` whose evidence shows a value as GoogleTest's raw bytes ("4-byte object
/// <02-00 00-00>"): a type the tests compare needs a PrintTo, so that a student reads words.
std::vector<std::string> raw_byte_evidence(const grading::GradedLab& lab) {
  std::vector<std::string> problems;
  for (const grading::GradedKind& kind : lab.kinds) {
    for (const grading::GradedTest& test : kind.tests) {
      const bool raw = std::any_of(
          test.evidence.begin(), test.evidence.end(),
          [](const auto& line) { return line.find("-byte object <") != std::string::npos; });
      if (raw) {
        problems.push_back(test.name + " shows a value as raw bytes: its type needs a PrintTo");
      }
    }
  }
  return problems;
}

/// Whether some test's evidence in `lab` holds `words`.
bool evidence_holds(const grading::GradedLab& lab, const std::string& words) {
  return std::any_of(lab.kinds.begin(), lab.kinds.end(), [&](const grading::GradedKind& kind) {
    return std::any_of(kind.tests.begin(), kind.tests.end(), [&](const grading::GradedTest& test) {
      return std::any_of(test.evidence.begin(), test.evidence.end(), [&](const std::string& line) {
        return line.find(words) != std::string::npos;
      });
    });
  });
}

/// What is wrong with `lab`'s grade under `expectation`; empty when nothing is.
std::vector<std::string> verdict_problems(const grading::Lab& graded_lab,
                                          const grading::GradedLab& lab,
                                          const Expectation& expectation) {
  std::vector<std::string> problems = raw_byte_evidence(lab);
  if (expectation.flagged && lab.flags.empty()) {
    problems.emplace_back("it reaches for the test harness, and nothing was flagged");
  } else if (!expectation.flagged && !lab.flags.empty()) {
    problems.push_back("flagged for the instructor, though it is honest code: " +
                       lab.flags.front());
  }
  if (!expectation.named_as.empty() && !evidence_holds(lab, expectation.named_as)) {
    problems.push_back("its report never says \"" + expectation.named_as + "\"");
  }
  if (expectation.kind == Expectation::Kind::near_zero) {
    if (lab.score > kStubsMaxFraction * lab.max_score) {
      problems.push_back("the stubs scored " + grading::format_fixed(lab.score, 1));
    }
    for (std::string& problem : guard_problems(graded_lab, lab)) {
      problems.push_back(std::move(problem));
    }
    return problems;
  }
  for (const grading::GradedKind& kind : lab.kinds) {
    const bool lost = kind.score + kEpsilon < kind.max_score;
    const bool must_lose = expectation.losing.contains(kind.kind);
    const bool may_lose = expectation.losing.contains("~" + kind.kind);
    if (must_lose && kind.ungraded) {
      // Only speedup is ever ungraded (a machine too busy to show even the reference's
      // speedup). A bug that was never measured is not caught: "not measured" is no verdict.
      problems.push_back(kind.kind + " was never measured, so the bug it must catch was not");
    } else if (must_lose && !lost) {
      problems.push_back(kind.kind + " should have lost points and did not");
    } else if (lost && !must_lose && !may_lose) {
      problems.push_back(kind.kind + " lost " +
                         grading::format_fixed(kind.max_score - kind.score, 1) +
                         " points it should not have");
    }
  }
  return problems;
}

std::string summary_of(const grading::GradedLab& lab) {
  std::string text =
      grading::format_fixed(lab.score, 1) + "/" + grading::format_fixed(lab.max_score, 1) + " (";
  for (const grading::GradedKind& kind : lab.kinds) {
    text += kind.kind.substr(0, 4) + " " +
            (kind.ungraded ? "n/a" : grading::format_fixed(kind.score, 1)) + " ";
  }
  text.back() = ')';
  return text;
}

/// One grading to do: an entry of a lab's corpus, and which of its rounds.
struct CorpusGrading {
  const grading::Lab* lab;
  const CorpusEntry* entry;
  int round;
};

/// Grades the corpus, `jobs` gradings at a time (each in a grader slot of its lab that no other
/// grading holds: grading::GradingQueue), printing each verdict as it comes.
class CorpusGrader {
 public:
  CorpusGrader(const Session& session, const CorpusOptions& options)
      : session_(session), options_(options) {}

  /// Grades the whole corpus of each of `whole` and the selection of the options of each of
  /// `labs`, `jobs` at a time, in the queue's order (a lab's gradings between other labs').
  int run(const std::vector<const grading::Lab*>& whole,
          const std::vector<const grading::Lab*>& labs) {
    std::vector<CorpusGrading> gradings;
    CorpusOptions whole_corpus = options_;
    whole_corpus.only.clear();
    whole_corpus.repeat = options_.whole_repeat;
    add_gradings(whole, whole_corpus, gradings);
    add_gradings(labs, options_, gradings);
    grading::GradingQueue queue(queued(gradings));
    {
      std::vector<std::jthread> workers;
      workers.reserve(static_cast<std::size_t>(options_.jobs));
      for (int worker = 0; worker < options_.jobs; ++worker) {
        workers.emplace_back([this, worker, &gradings, &queue] {
          while (!grading::interrupt_requested()) {
            const std::optional<grading::GradingTurn> turn = queue.take();
            if (!turn) {
              break;
            }
            grade_one(gradings[turn->index], turn->slot, worker);
            queue.finish(*turn);
          }
        });
      }
    }
    print_full_marks_tally();
    std::cout << step_totals_.text();
    std::cout << graded_ << " gradings, " << wrong_ << " wrong\n";
    return wrong_ == 0 ? kExitOk : kExitFailed;
  }

 private:
  void add_gradings(const std::vector<const grading::Lab*>& labs, const CorpusOptions& selection,
                    std::vector<CorpusGrading>& gradings) {
    for (const grading::Lab* lab : labs) {
      const fs::path scratch = scratch_dir(session_.layout, "corpus-" + lab->id);
      for (CorpusEntry& entry : corpus_of(session_, *lab, selection, scratch / "submissions")) {
        entries_.push_back(std::make_unique<CorpusEntry>(std::move(entry)));
        for (int round = 1; round <= entries_.back()->repeat; ++round) {
          gradings.push_back({lab, entries_.back().get(), round});
        }
      }
    }
  }

  /// What the queue needs of each grading: its lab and round.
  static std::vector<grading::QueuedGrading> queued(const std::vector<CorpusGrading>& gradings) {
    std::vector<grading::QueuedGrading> queued;
    queued.reserve(gradings.size());
    for (const CorpusGrading& grading : gradings) {
      queued.push_back({grading.lab->id, grading.round});
    }
    return queued;
  }

  /// Grades `job` in grader slot `slot` of its lab, with the scratch folder of `worker`.
  void grade_one(const CorpusGrading& job, int slot, int worker) {
    const grading::Lab& lab = *job.lab;
    const CorpusEntry& entry = *job.entry;
    grading::GradeOptions grade_options;
    grade_options.labs = {&lab};
    grade_options.slot = slot;
    grade_options.scratch = scratch_dir(session_.layout, "corpus-work-" + std::to_string(worker));
    grading::Grade grade;
    try {
      grade = grading::grade_submission(session_.layout, session_.catalog, entry.submission,
                                        grade_options);
    } catch (const std::exception& error) {
      const std::scoped_lock lock(output_mutex_);
      ++graded_;
      ++wrong_;
      std::cout << Style::red("WRONG") << " lab " << lab.id << " " << entry.name
                << "  the grader failed: " << error.what() << std::endl;
      return;
    }
    const grading::GradedLab& result = grade.labs.front();
    const auto problems = verdict_problems(lab, result, entry.expectation);
    const std::scoped_lock lock(output_mutex_);
    ++graded_;
    step_totals_.add(result);
    if (entry.expectation.kind == Expectation::Kind::full_marks && entry.repeat > 1) {
      Tally& tally = full_marks_["lab " + lab.id + " " + entry.name];
      ++tally.gradings;
      tally.full_marks += problems.empty() ? 1 : 0;
      tally.provisional += std::any_of(result.kinds.begin(), result.kinds.end(),
                                       [](const auto& kind) { return kind.ungraded; })
                               ? 1
                               : 0;
    }
    std::cout << (problems.empty() ? Style::green("ok   ") : Style::red("WRONG")) << " lab "
              << lab.id << " " << entry.name
              << (entry.repeat > 1 ? " #" + std::to_string(job.round) : "") << "  "
              << summary_of(result) << "  " << grading::format_fixed(grade.seconds, 1) << " s\n";
    for (const std::string& problem : problems) {
      std::cout << "      " << problem << '\n';
    }
    if (grade.seconds > kSlowGradingSeconds) {  // where a slow grading's time went, for CI's log
      for (const std::string& line : grading::split_lines(grading::profile_text(grade))) {
        std::cout << "      " << line << '\n';
      }
    }
    if (!problems.empty()) {
      ++wrong_;
      std::cout << grading::render(grade, grading::ReportFormat::text, false);
    }
    if (!options_.out.empty()) {
      write_grade_files(
          fs::path(options_.out) / (lab.id + "-" + entry.name + "-" + std::to_string(job.round)),
          grade, {grading::ReportFormat::text});
    }
    std::cout.flush();
  }

  /// For each entry graded more than once: "lab 06 reference: full marks in 10 of 10
  /// gradings", and how many of them were provisional (a kind not measured).
  void print_full_marks_tally() const {
    for (const auto& [name, tally] : full_marks_) {
      std::cout << name << ": full marks in " << tally.full_marks << " of " << tally.gradings
                << " gradings" << (options_.neighbour ? " beside a busy neighbour" : "");
      if (tally.provisional > 0) {
        std::cout << " (" << tally.provisional << " provisional: a kind not measured)";
      }
      std::cout << '\n';
    }
  }

  /// How often an entry that must get full marks got them.
  struct Tally {
    int gradings = 0;
    int full_marks = 0;
    int provisional = 0;
  };

  const Session& session_;
  const CorpusOptions& options_;
  std::vector<std::unique_ptr<CorpusEntry>> entries_;
  std::map<std::string, Tally> full_marks_;  // guarded by output_mutex_
  std::mutex output_mutex_;
  int graded_ = 0;                   // guarded by output_mutex_
  int wrong_ = 0;                    // guarded by output_mutex_
  grading::StepTotals step_totals_;  // guarded by output_mutex_
};

int run_grade_corpus(const CorpusOptions& options) {
  if (options.jobs < 1 || options.jobs > 16) {
    throw grading::UserError("--jobs must be between 1 and 16, not " +
                             std::to_string(options.jobs));
  }
  const Session session = open_session();
  const std::vector<const grading::Lab*> whole = resolve_labs(session, options.whole);
  std::vector<const grading::Lab*> labs;
  for (const grading::Lab* lab : resolve_labs(session, options.labs)) {
    if (std::find(whole.begin(), whole.end(), lab) == whole.end()) {
      labs.push_back(lab);
    }
  }
  if (options.labs.empty() && whole.empty()) {
    for (const grading::Lab& lab : session.catalog.labs()) {
      labs.push_back(&lab);
    }
  }
  grading::prepare_grade_trees(session.layout, options.jobs, nullptr);
  std::optional<grading::BusyNeighbour> neighbour;
  if (options.neighbour) {
    neighbour.emplace();
    std::cout << "a busy neighbour (process " << neighbour->pid()
              << ") keeps one core busy until the last grading ends\n";
  }
  return CorpusGrader(session, options).run(whole, labs);
}

}  // namespace

Command add_grade_corpus_command(CLI::App& app) {
  CLI::App* command =
      app.add_subcommand("grade-corpus",
                         "Grade grading/corpus, the reference solutions and the stubs, and check "
                         "every verdict (the grader's own proof)");
  auto options = std::make_shared<CorpusOptions>();
  command->add_option("--lab", options->labs, "Only this lab (repeatable)");
  command->add_option("--only", options->only,
                      "Only these entries: reference, stubs, correct (every variant that must "
                      "get full marks), grader-only (every variant CTest cannot prove) or a "
                      "variant's folder name");
  command
      ->add_option("--repeat", options->repeat,
                   "Gradings of each submission that must get full marks")
      ->capture_default_str();
  command
      ->add_option("--jobs", options->jobs,
                   "Gradings at once, each in a grader slot of its own; speedup is still "
                   "measured with the machine alone")
      ->capture_default_str();
  command->add_flag("--neighbour", options->neighbour,
                    "Keep one core busy with a spinning process of our own the whole time, as "
                    "another user's work would: correct submissions must still get full marks "
                    "(with --repeat 10, the 10-of-10 proof)");
  command->add_option("--whole", options->whole,
                      "Also this lab's whole corpus, whatever --only says (repeatable), graded in "
                      "the same pool as the --lab labs' selection");
  command
      ->add_option("--whole-repeat", options->whole_repeat,
                   "Gradings of each submission of a --whole lab that must get full marks")
      ->capture_default_str();
  command->add_option("--out", options->out, "Also keep each grade here");
  return Command{command, [options] { return run_grade_corpus(*options); }};
}

}  // namespace conclab::cli
