// The GitHub Classroom template of a lab. What the workflow is built on, read at the source:
//  - GitHub Classroom's own generated workflows (e.g. the "Autograding Tests" classroom.yml of
//    its templates): the job `run-autograding-tests` on ubuntu-latest (here in a Debian 12
//    container: see grading_container()), permissions checks:
//    write / actions: read / contents: read, `if: github.actor != 'github-classroom[bot]'`,
//    one grader step per test with an `id`, and the reporter step last with
//    `env: <ID>_RESULTS: "${{ steps.<id>.outputs.result }}"` and `with: runners: <id>`.
//  - github-education-resources/autograding-command-grader (classroom-resources/...@v1),
//    src/main.js: it runs `command` with execSync(stdio: 'inherit') and builds its own
//    `result` from the exit code alone: pass gives max-score, anything else 0. The command's
//    output is never read. A grade of 63 of 100 cannot go through it; `conclab grade` also
//    exits 0 whatever the score, which it would read as full marks.
//  - github-education-resources/autograding-grading-reporter, src/main.js: for each id in
//    `runners` it base64-decodes the environment variable `<ID upper-cased>_RESULTS` and
//    JSON-parses it; notify-classroom.js sends Classroom the sum of tests[].score out of the
//    sum of max_score.
// So the workflow grades in a plain `run:` step that writes conclab's own result (the same
// document, see github_classroom_report.hpp) to $GITHUB_OUTPUT as `result=<base64>`, which the
// reporter reads exactly as it reads a command grader's.
#include "conclab/grading/classroom_template.hpp"

#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "conclab/grading/errors.hpp"
#include "conclab/grading/grade.hpp"
#include "conclab/grading/report/github_classroom_report.hpp"

namespace conclab::grading {

namespace fs = std::filesystem;

namespace {

/// The id of the grading step; the reporter reads `CONCLAB_RESULTS`.
constexpr std::string_view kStepId = "conclab";

/// Minutes GitHub gives the bootstrap and the grading before stopping them.
constexpr int kBootstrapMinutes = 30;
constexpr int kGradeMinutes = 30;

/// Throws UserError unless `source` is safe to write into YAML and shell text as it is.
void check_source(const CourseSource& source) {
  static const std::regex kRepository{R"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)"};
  static const std::regex kRef{R"([A-Za-z0-9_.][A-Za-z0-9_./-]*)"};
  if (!std::regex_match(source.repository, kRepository)) {
    throw UserError("--course-repo must be OWNER/NAME, not '" + source.repository + "'");
  }
  if (!std::regex_match(source.ref, kRef)) {
    throw UserError("--ref must be a tag, branch or commit, not '" + source.ref + "'");
  }
}

/// The result the reporter gets when conclab itself cannot finish: 0 of the lab's points, and
/// why, in the same format as a real grade.
std::string failure_result(const Lab& lab) {
  Grade grade;
  grade.submission = "submission";
  grade.max_score = lab_max_score(lab);
  grade.problems.push_back(
      "The grader could not finish grading this repository (see the log of the step 'Grade lab " +
      lab.id + "'). Tell your instructor: this is not a verdict on your code.");
  return github_classroom_result(grade);
}

std::string workflow_header(const Lab& lab, const CourseSource& source) {
  std::ostringstream text;
  text << "# Autograding of conclab lab " << lab.id << " (" << lab.title
       << ") for GitHub Classroom, written by `conclab classroom " << lab.id << "`.\n"
       << "#\n"
       << "# Each push grades this repository exactly as the course's grader does and reports\n"
       << "# the score (out of " << lab_max_score(lab) << ") to GitHub Classroom.\n"
       << "#\n"
       << "# conclab comes from the course's repository, " << source.repository << " at "
       << source.ref << ".\n"
       << "# YOUR-ORG/conclab and main are placeholders `conclab classroom` uses when it is not\n"
       << "# given --course-repo and --ref: put your course's repository, and pin a tag or a\n"
       << "# commit so that every student is graded by the same grader all term. A private\n"
       << "# course repository also needs a `token:` with read access in that checkout.\n"
       << "#\n"
       << "# Why no classroom-resources/autograding-command-grader step: that action runs a\n"
       << "# command and scores it by its exit code alone (all of max-score, or nothing), and\n"
       << "# never reads its output. The step 'Grade lab " << lab.id
       << "' instead writes conclab's own result,\n"
       << "# one entry per test with its points, to its output `result` (base64 JSON, the format\n"
       << "# the command grader writes), and the reporter reads it from\n"
       << "# steps." << kStepId << ".outputs.result like any grader step's.\n"
       << "# Sources: github-education-resources/autograding-command-grader src/main.js and\n"
       << "# github-education-resources/autograding-grading-reporter src/main.js.\n";
  return text.str();
}

std::string workflow_trigger() {
  return "name: Autograding Tests\n"
         "on:\n"
         "  push:\n"
         "  workflow_dispatch:\n"
         "  repository_dispatch:\n"
         "permissions:\n"
         "  checks: write\n"
         "  actions: read\n"
         "  contents: read\n";
}

std::string checkout_steps(const CourseSource& source) {
  std::ostringstream text;
  text << "    steps:\n"
       << "      - name: Install git (so that the checkouts are repositories, not archives)\n"
       << "        run: apt-get update && apt-get install -y --no-install-recommends git "
          "ca-certificates\n"
       << "      - name: Check out the submission\n"
       << "        uses: actions/checkout@v4\n"
       << "        with:\n"
       << "          path: submission\n"
       << "      - name: Check out conclab (the course, at a pinned ref)\n"
       << "        uses: actions/checkout@v4\n"
       << "        with:\n"
       << "          repository: " << source.repository << "\n"
       << "          ref: " << source.ref << "\n"
       << "          path: conclab\n"
       << "      - name: Install what conclab needs and build it\n"
       << "        timeout-minutes: " << kBootstrapMinutes << "\n"
       << "        run: |\n"
       << "          conclab/grading/bootstrap.sh default\n"
       << "          echo \"$GITHUB_WORKSPACE/conclab\" >> \"$GITHUB_PATH\"\n";
  return text.str();
}

std::string grade_step(const Lab& lab) {
  std::ostringstream text;
  text << "      - name: Grade lab " << lab.id << " (" << lab_max_score(lab) << " points)\n"
       << "        id: " << kStepId << "\n"
       << "        working-directory: submission\n"
       << "        timeout-minutes: " << kGradeMinutes << "\n"
       << "        run: |\n"
       << "          # The result (base64 JSON) is the only thing conclab grade prints on\n"
       << "          # standard output; its progress goes to standard error, in this log.\n"
       << "          if result=$(conclab grade . --lab " << lab.id
       << " --format github-classroom); then\n"
       << "            echo \"result=$result\" >> \"$GITHUB_OUTPUT\"\n"
       << "          else\n"
       << "            echo \"result=" << failure_result(lab) << "\" >> \"$GITHUB_OUTPUT\"\n"
       << "          fi\n";
  return text.str();
}

std::string reporter_step() {
  std::string upper(kStepId);
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::ostringstream text;
  text << "      - name: Autograding Reporter\n"
       << "        uses: classroom-resources/autograding-grading-reporter@v1\n"
       << "        env:\n"
       << "          " << upper << "_RESULTS: \"${{ steps." << kStepId << ".outputs.result }}\"\n"
       << "        with:\n"
       << "          runners: " << kStepId << "\n";
  return text.str();
}

/// Throws UserError unless `out` is missing or an empty folder.
void check_out_folder(const fs::path& out) {
  if (!fs::exists(out)) {
    return;
  }
  if (!fs::is_directory(out)) {
    throw UserError(out.string() + " exists and is not a folder");
  }
  if (!fs::is_empty(out)) {
    throw UserError(out.string() + " is not empty: give --out a new or empty folder");
  }
}

/// The handout and the student files, after checking that the lab has each of them.
std::vector<std::string> template_files(const Lab& lab) {
  std::vector<std::string> files = lab.student_files;
  files.insert(files.begin(), "README.md");
  for (const std::string& file : files) {
    if (!fs::is_regular_file(lab.dir / file)) {
      throw UserError("lab " + lab.id + " has no file " + (lab.dir / file).string());
    }
  }
  return files;
}

}  // namespace

fs::path classroom_workflow_path() {
  return fs::path(".github") / "workflows" / "classroom.yml";
}

int lab_max_score(const Lab& lab) {
  int total = 0;
  for (const RubricEntry& entry : lab.rubric) {
    total += entry.weight;
  }
  return total;
}

/// The job runs in Debian 12, the system conclab is built and graded on (and the one its
/// bootstrap installs packages for), not on the runner's Ubuntu: Ubuntu 24.04 forbids
/// unprivileged user namespaces through AppArmor, and its compiler and kernel settings are not
/// the ones the labs are proven on. --privileged lifts what Docker forbids by default and the
/// grader needs as root: unshare() of its namespaces (CAP_SYS_ADMIN, seccomp), a fresh /proc
/// (AppArmor), ptrace for the watchdog's stacks, personality() for ThreadSanitizer.
std::string grading_container() {
  return "    container:\n"
         "      image: debian:bookworm\n"
         "      options: --privileged\n";
}

std::string classroom_workflow(const Lab& lab, const CourseSource& source) {
  check_source(source);
  return workflow_header(lab, source) + workflow_trigger() +
         "jobs:\n"
         "  run-autograding-tests:\n"
         "    runs-on: ubuntu-latest\n" +
         grading_container() + "    if: github.actor != 'github-classroom[bot]'\n" +
         checkout_steps(source) + grade_step(lab) + reporter_step();
}

void write_classroom_template(const Lab& lab, const CourseSource& source, const fs::path& out) {
  const std::string workflow = classroom_workflow(lab, source);  // checks `source` first
  const std::vector<std::string> files = template_files(lab);
  check_out_folder(out);
  for (const std::string& file : files) {
    fs::create_directories((out / file).parent_path());
    fs::copy_file(lab.dir / file, out / file);
  }
  fs::create_directories((out / classroom_workflow_path()).parent_path());
  std::ofstream(out / classroom_workflow_path(), std::ios::trunc) << workflow;
}

}  // namespace conclab::grading
