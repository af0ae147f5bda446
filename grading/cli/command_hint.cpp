// conclab hint LAB: every hint of a lab, general ones first.
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "conclab/grading/text.hpp"

namespace conclab::cli {

namespace {

using grading::Hint;

constexpr std::size_t kTextWidth = 92;

void print_hint(const Hint& hint) {
  std::cout << Style::bold(hint.about()) << '\n';
  for (const std::string& line : grading::wrap(hint.text, kTextWidth)) {
    std::cout << "  " << line << '\n';
  }
  std::cout << '\n';
}

int show_hints(const std::string& name) {
  const Session session = open_session();
  const grading::Lab& lab = session.catalog.resolve(name);
  std::cout << "Hints for lab " << lab.id << ": " << lab.title << "\n\n";
  if (lab.hints.empty()) {
    std::cout << "This lab has no hints.\n";
    return kExitOk;
  }
  for (const Hint& hint : grading::general_hints(lab.hints)) {
    print_hint(hint);
  }
  for (const Hint& hint : lab.hints) {
    if (!hint.is_general()) {
      print_hint(hint);
    }
  }
  return kExitOk;
}

}  // namespace

Command add_hint_command(CLI::App& app) {
  CLI::App* hint = app.add_subcommand("hint", "Show every hint of a lab");
  auto lab = std::make_shared<std::string>();
  hint->add_option("LAB", *lab, "The lab: 01, 1, threads-and-locks or 01-threads-and-locks")
      ->required();
  return Command{hint, [lab] { return show_hints(*lab); }};
}

}  // namespace conclab::cli
