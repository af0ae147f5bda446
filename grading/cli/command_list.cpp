// conclab list: every lab and how far the student has got.
#include <algorithm>
#include <iostream>

#include "cli.hpp"
#include "conclab/grading/progress.hpp"

namespace conclab::cli {

namespace {

using grading::Lab;
using grading::LabState;
using grading::Progress;

constexpr std::size_t kColumnGap = 3;

std::string pad(std::string_view text, std::size_t width) {
  std::string padded(text);
  padded.resize(std::max(width, text.size()), ' ');
  return padded;
}

std::string state_of(const Progress& progress, const Lab& lab) {
  const auto entry = progress.find(lab.dir_name);
  if (entry == progress.end()) {
    return "not started";
  }
  return entry->second.state == LabState::passing ? Style::green("passing") : Style::red("failing");
}

int list_labs() {
  const Session session = open_session();
  const auto& labs = session.catalog.labs();
  const Progress progress = grading::load_progress(session.layout.progress_file());
  std::size_t slug_width = 0;
  std::size_t title_width = 0;
  for (const Lab& lab : labs) {
    slug_width = std::max(slug_width, lab.slug.size() + kColumnGap);
    title_width = std::max(title_width, lab.title.size() + kColumnGap);
  }
  std::size_t passing = 0;
  for (const Lab& lab : labs) {
    const auto entry = progress.find(lab.dir_name);
    if (entry != progress.end() && entry->second.state == LabState::passing) {
      ++passing;
    }
    std::cout << lab.id << "  " << pad(lab.slug, slug_width) << pad(lab.title, title_width)
              << state_of(progress, lab) << '\n';
  }
  std::cout << "progress: " << passing << " of " << labs.size() << " labs passing\n";
  return kExitOk;
}

}  // namespace

Command add_list_command(CLI::App& app) {
  CLI::App* list = app.add_subcommand("list", "List the labs and which of them pass");
  return Command{list, [] { return list_labs(); }};
}

}  // namespace conclab::cli
