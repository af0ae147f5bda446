// conclab: build, test and explain the concurrency labs.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "conclab/grading/errors.hpp"
#include "conclab/grading/subprocess.hpp"

namespace {

using conclab::cli::Command;

/// Runs the chosen command, turning exceptions into messages and exit codes.
int run_guarded(const Command& command) {
  try {
    return command.run();
  } catch (const conclab::grading::UserError& error) {
    std::cerr << "conclab: " << error.what() << '\n';
    return conclab::cli::kExitUsage;
  } catch (const std::exception& error) {
    std::cerr << "conclab: internal error: " << error.what() << '\n';
    return conclab::cli::kExitFailed;
  }
}

/// Whether `name` is one of `commands`.
bool names_command(const std::vector<Command>& commands, std::string_view name) {
  return std::any_of(commands.begin(), commands.end(),
                     [&](const Command& command) { return command.app->get_name() == name; });
}

/// "list, check, ...": the commands' names.
std::string command_names(const std::vector<Command>& commands) {
  std::string names;
  for (const Command& command : commands) {
    names += (names.empty() ? "" : ", ") + command.app->get_name();
  }
  return names;
}

/// Parses the command line and runs the chosen command.
int run_main(int argc, char** argv) {
  CLI::App app{"conclab: build, test and get hints for the concurrency labs.", "conclab"};
  app.require_subcommand(1);
  app.footer("Run `conclab COMMAND --help` for the options of a command.");
  const std::vector<Command> commands = {
      conclab::cli::add_list_command(app),         conclab::cli::add_check_command(app),
      conclab::cli::add_watch_command(app),        conclab::cli::add_hint_command(app),
      conclab::cli::add_reset_command(app),        conclab::cli::add_selftest_command(app),
      conclab::cli::add_serve_command(app),        conclab::cli::add_grade_command(app),
      conclab::cli::add_grade_class_command(app),  conclab::cli::add_gradescope_command(app),
      conclab::cli::add_grade_corpus_command(app), conclab::cli::add_classroom_command(app),
  };
  if (argc < 2) {
    std::cout << app.help();
    return conclab::cli::kExitOk;
  }
  if (const std::string_view first = argv[1];
      !first.starts_with('-') && !names_command(commands, first)) {
    std::cerr << "conclab: no command '" << first << "'. Commands: " << command_names(commands)
              << '\n';
    return conclab::cli::kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? conclab::cli::kExitOk : conclab::cli::kExitUsage;
  }
  conclab::grading::install_interrupt_handler();
  for (const Command& command : commands) {
    if (command.app->parsed()) {
      return run_guarded(command);
    }
  }
  return conclab::cli::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_main(argc, argv);
  } catch (const std::exception& error) {  // only while setting up: commands catch their own
    std::cerr << "conclab: internal error: " << error.what() << '\n';
    return conclab::cli::kExitFailed;
  }
}
