// What the conclab command files share: the command type, the session, output styling.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "conclab/grading/lab_catalog.hpp"
#include "conclab/grading/repo_layout.hpp"

namespace conclab::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // tests failed, or an internal error
inline constexpr int kExitUsage = 2;   // a bad argument, an unknown lab, a missing tool
inline constexpr int kExitInterrupted = 130;

/// A subcommand: its CLI11 parser, and what runs when it is chosen (returns the exit code).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// The checkout a command works on and its labs.
struct Session {
  grading::RepoLayout layout;
  grading::LabCatalog catalog;
};

/// Finds the checkout (see find_repo_root) and reads its labs.
Session open_session();

/// The lab `name` means; without a name, the first lab (in order) that is not passing.
const grading::Lab& choose_lab(const Session& session, const std::optional<std::string>& name);

/// Colours and emphasis, when standard output is a terminal and NO_COLOR is not set.
class Style {
 public:
  static std::string green(std::string_view text);
  static std::string red(std::string_view text);
  static std::string yellow(std::string_view text);
  static std::string bold(std::string_view text);
  static std::string dim(std::string_view text);
  /// True when standard output is a terminal.
  static bool is_terminal();

 private:
  static std::string paint(std::string_view code, std::string_view text);
};

/// Options of `conclab check`.
struct CheckOptions {
  /// Also run the race tests under ThreadSanitizer (build/tsan).
  bool tsan = false;
  /// Run every other kind but speedup under AddressSanitizer (build/asan).
  bool asan = false;
  /// Grade with the grader's full profile instead (see `conclab grade`).
  bool full = false;
};

/// Builds and tests `lab` and prints the results; returns the exit code of `conclab check`.
int run_check(const Session& session, const grading::Lab& lab, const CheckOptions& options);

Command add_list_command(CLI::App& app);
Command add_check_command(CLI::App& app);
Command add_hint_command(CLI::App& app);
Command add_reset_command(CLI::App& app);
Command add_watch_command(CLI::App& app);
Command add_selftest_command(CLI::App& app);
Command add_serve_command(CLI::App& app);
Command add_grade_command(CLI::App& app);
Command add_grade_class_command(CLI::App& app);
Command add_grade_corpus_command(CLI::App& app);
Command add_gradescope_command(CLI::App& app);
Command add_classroom_command(CLI::App& app);

}  // namespace conclab::cli
