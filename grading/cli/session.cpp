// The session every command opens, and output styling.
#include <unistd.h>

#include <cstdlib>

#include "cli.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/progress.hpp"

namespace conclab::cli {

using grading::Lab;

Session open_session() {
  const std::filesystem::path root = grading::find_repo_root();
  return Session{grading::RepoLayout(root), grading::LabCatalog::discover(root)};
}

const Lab& choose_lab(const Session& session, const std::optional<std::string>& name) {
  if (name) {
    return session.catalog.resolve(*name);
  }
  const auto& labs = session.catalog.labs();
  if (labs.empty()) {
    throw grading::UserError("there are no labs: labs/ has no NN-name folder with a lab.json");
  }
  const grading::Progress progress = grading::load_progress(session.layout.progress_file());
  for (const Lab& lab : labs) {
    const auto entry = progress.find(lab.dir_name);
    if (entry == progress.end() || entry->second.state != grading::LabState::passing) {
      return lab;
    }
  }
  return labs.back();  // every lab passes: the last one is as good as any
}

bool Style::is_terminal() {
  static const bool terminal = ::isatty(STDOUT_FILENO) != 0;
  return terminal;
}

std::string Style::paint(std::string_view code, std::string_view text) {
  static const bool enabled =
      is_terminal() && std::getenv("NO_COLOR") == nullptr;  // NOLINT(concurrency-mt-unsafe)
  if (!enabled) {
    return std::string(text);
  }
  return "\033[" + std::string(code) + "m" + std::string(text) + "\033[0m";
}

std::string Style::green(std::string_view text) {
  return paint("32", text);
}
std::string Style::red(std::string_view text) {
  return paint("31", text);
}
std::string Style::yellow(std::string_view text) {
  return paint("33", text);
}
std::string Style::bold(std::string_view text) {
  return paint("1", text);
}
std::string Style::dim(std::string_view text) {
  return paint("2", text);
}

}  // namespace conclab::cli
