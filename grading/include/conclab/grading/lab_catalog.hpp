/// @file lab_catalog.hpp
/// @brief The labs of a checkout: finding them, reading their lab.json, naming them.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "conclab/grading/hints.hpp"

namespace conclab::grading {

/// Every kind of test a lab can have, in the order they run and are reported.
inline constexpr std::array<std::string_view, 4> kTestKinds = {"correctness", "race", "deadlock",
                                                               "speedup"};

/// One kind of test of a lab and its weight in the grade.
struct RubricEntry {
  /// "correctness", "race", "deadlock" or "speedup".
  std::string kind;
  /// Points out of the lab's total.
  int weight = 0;
};

/// A lab, as its folder and lab.json describe it.
struct Lab {
  /// The two digits: "01".
  std::string id;
  /// The name after the digits: "threads-and-locks".
  std::string slug;
  /// The folder name: "01-threads-and-locks".
  std::string dir_name;
  /// The folder, absolute.
  std::filesystem::path dir;
  /// A short title: "Threads and locks".
  std::string title;
  /// One or two sentences on what the lab is about.
  std::string summary;
  /// The course material the lab grew from.
  std::vector<std::string> seeds;
  /// The files the student edits, relative to `dir`.
  std::vector<std::string> student_files;
  /// The kinds of test, in the order of kTestKinds.
  std::vector<RubricEntry> rubric;
  /// Per-test time limit of each kind, in seconds.
  std::map<std::string, int> timeouts;
  /// How many seeded chaos runs each kind gets (kinds not named get none).
  std::map<std::string, int> chaos_runs;
  /// Whether the race kind's ThreadSanitizer run perturbs atomic loads and stores
  /// (libconclab_atomic_chaos.so): for labs whose answers build on std::atomic.
  bool atomic_chaos = false;
  /// Whether the speedup kind checks that waits overlap (requests in flight at once, children
  /// sleeping side by side), which no core is needed for: its tests then share the machine
  /// with other work, where CPU-bound speedup has it alone.
  bool speedup_overlaps_waits = false;
  /// Hints for failed tests.
  std::vector<Hint> hints;
  /// Patterns ("Suite.*", "Suite.Name") of the guards: tests that check that what already
  /// worked in the handed-out code still works. The stubs pass them, so they carry no points.
  std::vector<std::string> guards;

  /// True when test `full_name` ("Suite.Name") is one of the lab's guards.
  [[nodiscard]] bool is_guard(std::string_view full_name) const;

  /// The kinds of test of the rubric, in order.
  [[nodiscard]] std::vector<std::string> kinds() const;
  /// True when the rubric has tests of `kind`.
  [[nodiscard]] bool has_kind(std::string_view kind) const;
  /// The rubric weight of `kind`; 0 when the lab has no tests of that kind.
  [[nodiscard]] int weight(std::string_view kind) const;
  /// The lab's student files as paths from the repository root: "labs/01-.../threads.cpp".
  [[nodiscard]] std::string repo_path(std::string_view student_file) const;
};

/// Reads the lab in folder `dir` (named NN-slug) from its lab.json. Throws std::runtime_error
/// naming the file and field when lab.json is missing or malformed.
[[nodiscard]] Lab read_lab(const std::filesystem::path& dir);

/// Parses the text of a lab.json into the lab of folder `dir`.
[[nodiscard]] Lab parse_lab(const std::filesystem::path& dir, std::string_view json_text);

/// True when `name` is a lab folder name: two digits, '-', a slug.
[[nodiscard]] bool is_lab_dir_name(std::string_view name);

/// The labs of a checkout, in folder order.
class LabCatalog {
 public:
  /// A catalog of the given labs (already in order).
  explicit LabCatalog(std::vector<Lab> labs);

  /// Every folder labs/NN-slug with a lab.json under `root`.
  [[nodiscard]] static LabCatalog discover(const std::filesystem::path& root);

  /// The labs, in order.
  [[nodiscard]] const std::vector<Lab>& labs() const noexcept { return labs_; }

  /// The lab a user means by `name`: "01", "1", "threads-and-locks" and
  /// "01-threads-and-locks" all name the same lab. Null when none matches.
  [[nodiscard]] const Lab* find(std::string_view name) const;

  /// Like find(), but throws UserError listing the labs when none matches.
  [[nodiscard]] const Lab& resolve(std::string_view name) const;

 private:
  std::vector<Lab> labs_;
};

}  // namespace conclab::grading
