#include <doctest/doctest.h>

#include "conclab/grading/grade_build.hpp"
#include "temp_dir.hpp"

namespace {

using conclab::grading::GradeSlot;
using conclab::grading::Lab;
using conclab::grading::LabSubmission;
using conclab::grading::RepoLayout;
using conclab::grading::testing::TempDir;

constexpr std::string_view kStubHeader = "struct Queue { /* TODO */ };\n";
constexpr std::string_view kSolutionHeader = "struct Queue { int size = 0; };\n";
constexpr std::string_view kStubCode = "// TODO\n";
constexpr std::string_view kSolutionCode = "int answer() { return 42; }\n";

/// A checkout holding one lab whose student files are `files`, with a stub and a solution of
/// each (a header when the name ends in .hpp).
struct Checkout {
  explicit Checkout(const std::vector<std::string>& files) {
    lab.id = "04";
    lab.dir_name = "04-queues";
    lab.dir = dir.path() / "labs" / lab.dir_name;
    lab.student_files = files;
    for (const std::string& name : files) {
      const bool header = name.ends_with(".hpp");
      dir.write("labs/04-queues/" + name, header ? kStubHeader : kStubCode);
      dir.write("solutions/04-queues/" + name, header ? kSolutionHeader : kSolutionCode);
    }
  }

  /// A submission of every student file: the solution's, but for those in `changed`.
  [[nodiscard]] LabSubmission submission(const std::map<std::string, std::string>& changed) const {
    LabSubmission submission;
    submission.lab = &lab;
    for (const std::string& name : lab.student_files) {
      const bool header = name.ends_with(".hpp");
      submission.files[name] = std::string(header ? kSolutionHeader : kSolutionCode);
    }
    for (const auto& [name, text] : changed) {
      submission.files[name] = text;
    }
    return submission;
  }

  /// A submission of the solution's student files but `name`, which it lacks.
  [[nodiscard]] LabSubmission submission_without(const std::string& name) const {
    LabSubmission submission = this->submission({});
    submission.files.erase(name);
    submission.missing = {name};
    return submission;
  }

  TempDir dir;
  Lab lab;
  RepoLayout layout{dir.path()};
};

}  // namespace

TEST_CASE("a submission whose every student file is the solution's runs the solution's tests") {
  const Checkout checkout({"queue.hpp", "pool.cpp"});
  const GradeSlot slot(checkout.layout, checkout.lab, 1);
  CHECK(slot.variant_for(checkout.submission({})) == "solution");
}

TEST_CASE(
    "a submission that changed only .cpp files of a lab with a student header shares its "
    "tests") {
  const Checkout checkout({"queue.hpp", "pool.cpp"});
  const GradeSlot slot(checkout.layout, checkout.lab, 1);
  CHECK(slot.variant_for(checkout.submission({{"pool.cpp", "int answer() { return 7; }\n"}})) ==
        "slot1_shared");
}

TEST_CASE("a submission that changed a student header compiles its own tests") {
  const Checkout checkout({"queue.hpp", "pool.cpp"});
  const GradeSlot slot(checkout.layout, checkout.lab, 0);
  CHECK(slot.variant_for(checkout.submission({{"queue.hpp", "struct Queue {};\n"}})) == "slot0");
  // One byte is a change: the tests would compile against another header.
  CHECK(slot.variant_for(
            checkout.submission({{"queue.hpp", std::string(kSolutionHeader) + "\n"}})) == "slot0");
}

TEST_CASE("a missing student header is the stub's, which is not the solution's") {
  const Checkout checkout({"queue.hpp", "pool.cpp"});
  const GradeSlot slot(checkout.layout, checkout.lab, 0);
  CHECK(slot.variant_for(checkout.submission_without("queue.hpp")) == "slot0");
}

TEST_CASE("a missing .cpp file is never graded as the solution, even when its stub is") {
  const Checkout checkout({"queue.hpp", "pool.cpp"});
  checkout.dir.write("labs/04-queues/pool.cpp", kSolutionCode);  // a stub with nothing to do
  const GradeSlot slot(checkout.layout, checkout.lab, 0);
  CHECK(slot.variant_for(checkout.submission_without("pool.cpp")) == "slot0_shared");
}

TEST_CASE("a lab without a student header has no shared slot: its slots share already") {
  const Checkout checkout({"pool.cpp", "codec.cpp"});
  const GradeSlot slot(checkout.layout, checkout.lab, 1);
  CHECK(slot.variant_for(checkout.submission({{"codec.cpp", "// mine\n"}})) == "slot1");
}
