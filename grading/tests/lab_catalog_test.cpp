#include "conclab/grading/lab_catalog.hpp"

#include <doctest/doctest.h>

#include "conclab/grading/errors.hpp"
#include "temp_dir.hpp"

namespace {

using conclab::grading::Lab;
using conclab::grading::LabCatalog;
using conclab::grading::testing::TempDir;

constexpr std::string_view kLabJson = R"({
  "title": "Threads and locks",
  "summary": "Start threads.",
  "seeds": ["001"],
  "student_files": ["threads.cpp", "counters.cpp"],
  "rubric": {"speedup": 15, "correctness": 40, "race": 30},
  "timeouts": {"correctness": 10, "race": 20, "speedup": 30},
  "guards": ["RunThreads.ZeroThreadsRunNothing", "Printer.*"],
  "hints": [
    {"text": "Go in order."},
    {"test": "RunThreads.*", "text": "Use jthread."},
    {"kind": "race", "text": "Lock it."}
  ]
})";

/// A checkout with two labs, a lab folder without lab.json and a folder that is no lab.
void make_checkout(const TempDir& dir) {
  dir.write("CMakePresets.json", "{}");
  dir.write("labs/01-threads-and-locks/lab.json", kLabJson);
  dir.write("labs/02-condition-variables/lab.json",
            R"({"title": "Condition variables", "student_files": ["queue.hpp"],
                "rubric": {"correctness": 100}})");
  dir.write("labs/03-unfinished/notes.txt", "no lab.json yet");
  dir.write("labs/README.md", "not a lab");
}

}  // namespace

TEST_CASE("parse_lab reads every field, with the rubric in the canonical kind order") {
  const Lab lab = conclab::grading::parse_lab("/x/labs/01-threads-and-locks", kLabJson);
  CHECK(lab.id == "01");
  CHECK(lab.slug == "threads-and-locks");
  CHECK(lab.dir_name == "01-threads-and-locks");
  CHECK(lab.title == "Threads and locks");
  CHECK(lab.summary == "Start threads.");
  CHECK(lab.student_files == std::vector<std::string>{"threads.cpp", "counters.cpp"});
  CHECK(lab.kinds() == std::vector<std::string>{"correctness", "race", "speedup"});
  CHECK(lab.rubric.front().weight == 40);
  CHECK(lab.weight("speedup") == 15);
  CHECK(lab.weight("deadlock") == 0);
  CHECK(lab.timeouts.at("race") == 20);
  REQUIRE(lab.hints.size() == 3);
  CHECK(lab.hints[1].test == "RunThreads.*");
  CHECK(lab.hints[2].kind == "race");
  CHECK(lab.repo_path("threads.cpp") == "labs/01-threads-and-locks/threads.cpp");
  CHECK(lab.is_guard("RunThreads.ZeroThreadsRunNothing"));
  CHECK(lab.is_guard("Printer.PrintsOneWord"));
  CHECK_FALSE(lab.is_guard("RunThreads.RunsEveryThread"));
  CHECK_FALSE(lab.speedup_overlaps_waits);  // absent: CPU-bound speedup, the machine alone
  CHECK(conclab::grading::parse_lab("/x/labs/07-processes",
                                    R"({"title": "t", "student_files": ["p.cpp"],
                                        "rubric": {"speedup": 1}, "speedup_overlaps_waits": true})")
            .speedup_overlaps_waits);
}

TEST_CASE("parse_lab names the file and field that is wrong") {
  CHECK_THROWS_WITH(static_cast<void>(conclab::grading::parse_lab(
                        "/x/labs/01-a", R"({"student_files": [], "rubric": {}})")),
                    doctest::Contains("lab.json: field 'title' is missing"));
  CHECK_THROWS_WITH(
      static_cast<void>(conclab::grading::parse_lab(
          "/x/labs/01-a", R"({"title": "t", "student_files": [], "rubric": {"speed": 1}})")),
      doctest::Contains("field 'rubric.speed'"));
  CHECK_THROWS_WITH(static_cast<void>(conclab::grading::parse_lab("/x/labs/01-a", "{oops")),
                    doctest::Contains("not a JSON object"));
}

TEST_CASE("discover finds the lab folders with a lab.json, in order") {
  const TempDir dir;
  make_checkout(dir);
  const LabCatalog catalog = LabCatalog::discover(dir.path());
  REQUIRE(catalog.labs().size() == 2);
  CHECK(catalog.labs()[0].dir_name == "01-threads-and-locks");
  CHECK(catalog.labs()[1].dir_name == "02-condition-variables");
  CHECK(catalog.labs()[1].dir == dir.path() / "labs" / "02-condition-variables");
}

TEST_CASE("every way of naming a lab finds the same lab") {
  const TempDir dir;
  make_checkout(dir);
  const LabCatalog catalog = LabCatalog::discover(dir.path());
  for (const char* name : {"01", "1", "001", "threads-and-locks", "01-threads-and-locks",
                           "labs/01-threads-and-locks/", "Threads-And-Locks"}) {
    CAPTURE(name);
    CHECK(&catalog.resolve(name) == &catalog.labs()[0]);
  }
  CHECK(&catalog.resolve("2") == &catalog.labs()[1]);
}

TEST_CASE("an unknown lab name is an error that lists the labs") {
  const TempDir dir;
  make_checkout(dir);
  const LabCatalog catalog = LabCatalog::discover(dir.path());
  CHECK(catalog.find("99") == nullptr);
  CHECK(catalog.find("threads") == nullptr);
  CHECK_THROWS_WITH_AS(static_cast<void>(catalog.resolve("99")),
                       "no lab named '99'. Labs: 01-threads-and-locks, 02-condition-variables",
                       conclab::grading::UserError);
}

TEST_CASE("is_lab_dir_name wants two digits, a dash and a name") {
  CHECK(conclab::grading::is_lab_dir_name("01-threads"));
  CHECK_FALSE(conclab::grading::is_lab_dir_name("1-threads"));
  CHECK_FALSE(conclab::grading::is_lab_dir_name("01-"));
  CHECK_FALSE(conclab::grading::is_lab_dir_name("README.md"));
}
