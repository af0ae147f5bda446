// conclab: build, test and explain the concurrency labs.
#include <exception>
#include <iostream>
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

/// Parses the command line and runs the chosen command.
int run_main(int argc, char** argv) {
  CLI::App app{"conclab: build, test and get hints for the concurrency labs.", "conclab"};
  app.require_subcommand(1);
  app.footer("Run `conclab COMMAND --help` for the options of a command.");
  const std::vector<Command> commands = {
      conclab::cli::add_list_command(app),  conclab::cli::add_check_command(app),
      conclab::cli::add_watch_command(app), conclab::cli::add_hint_command(app),
      conclab::cli::add_reset_command(app), conclab::cli::add_selftest_command(app),
  };
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
