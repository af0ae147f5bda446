#include "conclab/grading/classroom_template.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "conclab/grading/errors.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using conclab::grading::classroom_workflow;
using conclab::grading::classroom_workflow_path;
using conclab::grading::CourseSource;
using conclab::grading::Lab;
using conclab::grading::UserError;
using conclab::grading::write_classroom_template;
using conclab::grading::testing::TempDir;

/// Lab 08 in a temporary folder: a handout, two stubs (one in a subfolder), a file that is
/// not the student's, and a rubric of 40 + 30 + 30 points.
Lab sample_lab(const TempDir& dir) {
  dir.write("labs/08-pipes/README.md", "# Pipes\n");
  dir.write("labs/08-pipes/connection.cpp", "// TODO: send\n");
  dir.write("labs/08-pipes/queue/process_queue.cpp", "// TODO: put\n");
  dir.write("labs/08-pipes/connection.hpp", "// given\n");
  Lab lab;
  lab.id = "08";
  lab.slug = "pipes";
  lab.dir_name = "08-pipes";
  lab.dir = dir.path() / "labs/08-pipes";
  lab.title = "Pipes";
  lab.student_files = {"connection.cpp", "queue/process_queue.cpp"};
  lab.rubric = {{"correctness", 40}, {"race", 30}, {"deadlock", 30}};
  return lab;
}

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the workflow has Classroom's job, the reporter, the grade command and the points") {
  const TempDir dir;
  const std::string yaml =
      classroom_workflow(sample_lab(dir), CourseSource{"course-org/conclab", "v2.1"});
  CHECK(has(yaml, "\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n"));
  // Graded on Debian 12, with what the sandbox needs as root in a container.
  CHECK(has(yaml, "    container:\n      image: debian:bookworm\n      options: --privileged\n"));
  CHECK(has(yaml, "  checks: write\n  actions: read\n  contents: read\n"));
  CHECK(has(yaml, "uses: classroom-resources/autograding-grading-reporter@v1"));
  CHECK(has(yaml, "CONCLAB_RESULTS: \"${{ steps.conclab.outputs.result }}\""));
  CHECK(has(yaml, "runners: conclab\n"));
  CHECK(has(yaml, "id: conclab\n"));
  CHECK(has(yaml, "conclab grade . --lab 08 --format github-classroom"));
  CHECK(has(yaml, ">> \"$GITHUB_OUTPUT\""));
  CHECK(has(yaml, "Grade lab 08 (100 points)"));
  CHECK(has(yaml, "repository: course-org/conclab\n          ref: v2.1\n"));
  CHECK(has(yaml, "conclab/grading/bootstrap.sh"));
  // The command grader scores by exit code only: explained, not used.
  CHECK_FALSE(has(yaml, "uses: classroom-resources/autograding-command-grader"));
  CHECK(has(yaml, "autograding-command-grader"));
  CHECK_FALSE(has(yaml, "\t"));
}

TEST_CASE("a course repository or ref that could break the YAML is refused") {
  const TempDir dir;
  const Lab lab = sample_lab(dir);
  CHECK_THROWS_AS((void)classroom_workflow(lab, CourseSource{"no-slash", "main"}), UserError);
  CHECK_THROWS_AS((void)classroom_workflow(lab, CourseSource{"a/b", "main\n  evil: 1"}), UserError);
  CHECK_THROWS_AS((void)classroom_workflow(lab, CourseSource{"a/b c", "main"}), UserError);
}

TEST_CASE("the template holds the handout, the stubs and the workflow, nothing else") {
  const TempDir dir;
  const Lab lab = sample_lab(dir);
  const fs::path out = dir.path() / "template";
  write_classroom_template(lab, CourseSource{}, out);
  CHECK(read(out / "README.md") == "# Pipes\n");
  CHECK(read(out / "connection.cpp") == "// TODO: send\n");
  CHECK(read(out / "queue/process_queue.cpp") == "// TODO: put\n");
  CHECK_FALSE(fs::exists(out / "connection.hpp"));
  CHECK(has(read(out / classroom_workflow_path()), "--lab 08"));
}

TEST_CASE("an existing non-empty --out, or a lab missing a stub, is refused untouched") {
  const TempDir dir;
  Lab lab = sample_lab(dir);
  dir.write("taken/notes.txt", "mine");
  CHECK_THROWS_AS(write_classroom_template(lab, CourseSource{}, dir.path() / "taken"), UserError);
  CHECK(read(dir.path() / "taken/notes.txt") == "mine");
  fs::create_directories(dir.path() / "empty");
  CHECK_NOTHROW(write_classroom_template(lab, CourseSource{}, dir.path() / "empty"));
  lab.student_files.emplace_back("missing.cpp");
  CHECK_THROWS_AS(write_classroom_template(lab, CourseSource{}, dir.path() / "new"), UserError);
  CHECK_FALSE(fs::exists(dir.path() / "new"));
}
