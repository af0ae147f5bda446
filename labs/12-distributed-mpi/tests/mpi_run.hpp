// Given test helper of lab 12: starts the lab's MPI program (mpi_lab, built beside the tests)
// under mpirun, with a deadline, and reads what it printed. When the deadline passes, it says
// for every rank which MPI call it is blocked in and who called it, then ends them all.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "conclab/stack_capture.hpp"
#include "conclab/thread_waits.hpp"

// POSIX's, for posix_spawnp.
// NOLINTNEXTLINE(readability-redundant-declaration,cppcoreguidelines-avoid-non-const-global-variables)
extern char** environ;

namespace lab12::testing {

/// Whether this build has a sanitizer: Open MPI's libraries are not instrumented, so the MPI
/// tests skip there (the default build runs them).
inline constexpr bool kSanitized =
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
    true;
#else
    false;
#endif

/// What one mpirun did.
struct MpiRun {
  bool started = false;   ///< False when mpirun could not be started.
  bool finished = false;  ///< False when the deadline passed and the ranks were ended.
  int status = -1;        ///< mpirun's exit status (when it finished).
  std::string output;     ///< Everything the ranks and mpirun printed.
  double seconds = 0;     ///< How long it ran.
  std::string report;     ///< At a deadline: each rank and the MPI call it is blocked in.
};

/// The lab's MPI program: mpi_lab, beside the running test executable.
inline std::filesystem::path program_path() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path() / "mpi_lab";
}

/// The MPI rank of process `pid` (OMPI_COMM_WORLD_RANK in its environment), if it is one.
inline std::optional<int> mpi_rank_of(int pid) {
  std::ifstream environ_file("/proc/" + std::to_string(pid) + "/environ");
  std::string variable;
  while (std::getline(environ_file, variable, '\0')) {
    constexpr std::string_view kRank = "OMPI_COMM_WORLD_RANK=";
    if (variable.starts_with(kRank)) {
      return std::atoi(variable.c_str() + kRank.size());
    }
  }
  return std::nullopt;
}

/// A function's name without its parameters ("lab12::ring_shift(std::span<...>)" ->
/// "lab12::ring_shift"), and PMPI_X (the library's real name of MPI_X) as MPI_X.
inline std::string short_name(std::string name) {
  if (const std::size_t open = name.find('('); open != std::string::npos && open > 0) {
    name.resize(open);
  }
  if (name.starts_with("PMPI_")) {
    name.erase(0, 1);
  }
  return name.empty() ? "an unknown function" : name;
}

/// One line per rank below `mpirun`: "rank 1 (pid 4242) is blocked in MPI_Send, called from
/// lab12::ring_shift", from the outermost MPI_ or PMPI_ frame of its threads' stacks.
inline std::string describe_mpi_ranks(int mpirun) {
  std::string report;
  for (const int pid : conclab::descendant_processes(mpirun)) {
    const std::optional<int> rank = mpi_rank_of(pid);
    if (!rank) {
      continue;
    }
    std::string why_not;
    const conclab::ThreadStacks stacks =
        conclab::capture_stacks(pid, std::chrono::seconds(5), why_not);
    std::string line = "rank " + std::to_string(*rank) + " (pid " + std::to_string(pid) + ") ";
    std::string where;
    // The outermost frame that is MPI's: MPI_X or PMPI_X, or else one of Open MPI's own
    // (MPI_Finalize ends in a tail call, so its stack shows ompi_mpi_finalize instead).
    for (const bool any_of_open_mpi : {false, true}) {
      for (const auto& [tid, frames] : stacks) {
        // Innermost frame first: the last MPI frame is the call the rank's own code made.
        for (std::size_t i = frames.size(); i-- > 0 && where.empty();) {
          const std::string& function = frames[i].function;
          if (function.starts_with("MPI_") || function.starts_with("PMPI_") ||
              (any_of_open_mpi && function.starts_with("ompi_mpi_"))) {
            std::string name = short_name(function);
            if (name.starts_with("ompi_mpi_")) {  // ompi_mpi_finalize is MPI_Finalize
              std::string call = name.substr(9);
              if (!call.empty()) {
                call[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(call[0])));
              }
              name = "MPI_" + call + " (" + name + ")";
            }
            where = "is blocked in " + name + ", called from " +
                    (i + 1 < frames.size() ? short_name(frames[i + 1].function) : "nowhere");
          }
        }
      }
      if (!where.empty()) {
        break;
      }
    }
    if (where.empty()) {
      if (stacks.empty()) {
        where = "could not be inspected (" + why_not + ")";
      } else {
        const auto main_thread = stacks.find(pid);
        const auto& frames =
            main_thread != stacks.end() ? main_thread->second : stacks.begin()->second;
        where = "is in no MPI call; innermost frame: " +
                (frames.empty() ? std::string("unknown") : short_name(frames.front().function));
      }
    }
    report += line + where + "\n";
  }
  return report.empty() ? "no MPI rank was found below mpirun\n" : report;
}

/// Runs `mpirun -np RANKS mpi_lab ARGS...` and returns what it printed. When `budget` passes
/// first, the run's report says where each rank is blocked, and every process is killed.
inline MpiRun run_mpi(int ranks, const std::vector<std::string>& args,
                      std::chrono::milliseconds budget) {
  MpiRun run;
  // Open MPI keeps its session files under TMPDIR: a folder of this run's own.
  const char* tmp = std::getenv("TMPDIR");
  std::string session =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/lab12-mpi-XXXXXX";
  if (::mkdtemp(session.data()) == nullptr) {
    run.output = "cannot make a temporary folder for mpirun";
    return run;
  }
  std::vector<std::string> argv{"mpirun",
                                "--oversubscribe",  // more ranks than cores is fine here
                                "--bind-to", "none",
                                // Shared memory between the ranks of this machine, and the
                                // loopback interface only (the grader's sandbox has no other).
                                "--mca", "btl", "self,vader", "--mca", "oob_tcp_if_include", "lo",
                                "-np", std::to_string(ranks), program_path().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env_strings;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    const std::string_view text(*variable);
    if (!text.starts_with("TMPDIR=") && !text.starts_with("OMPI_ALLOW_RUN_AS_ROOT")) {
      env_strings.emplace_back(text);
    }
  }
  env_strings.push_back("TMPDIR=" + session);
  // mpirun refuses to run as root without these (a container); they change nothing otherwise.
  env_strings.emplace_back("OMPI_ALLOW_RUN_AS_ROOT=1");
  env_strings.emplace_back("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1");
  std::vector<char*> c_argv;
  for (std::string& argument : argv) {
    c_argv.push_back(argument.data());
  }
  c_argv.push_back(nullptr);
  std::vector<char*> c_env;
  for (std::string& variable : env_strings) {
    c_env.push_back(variable.data());
  }
  c_env.push_back(nullptr);

  std::array<int, 2> pipe_ends{};
  if (::pipe2(pipe_ends.data(), O_CLOEXEC) != 0) {
    return run;
  }
  posix_spawn_file_actions_t actions{};
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attributes{};
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);  // its own group, to end it
  posix_spawnattr_setpgroup(&attributes, 0);
  const auto start = std::chrono::steady_clock::now();
  pid_t mpirun = 0;
  const int spawned =
      posix_spawnp(&mpirun, "mpirun", &actions, &attributes, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(pipe_ends[1]);
  if (spawned != 0) {
    ::close(pipe_ends[0]);
    run.output = "cannot start mpirun (is Open MPI installed? grading/bootstrap.sh installs it)";
    std::filesystem::remove_all(session);
    return run;
  }
  run.started = true;
  const auto deadline = start + budget;
  std::array<char, 8192> buffer{};
  bool open = true;
  while (open) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    pollfd ready{.fd = pipe_ends[0], .events = POLLIN, .revents = 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
      continue;
    }
    const ssize_t n = ::read(pipe_ends[0], buffer.data(), buffer.size());
    if (n <= 0) {
      open = false;
    } else {
      run.output.append(buffer.data(), static_cast<std::size_t>(n));
    }
  }
  if (open) {  // the deadline passed: say where every rank is, then end them all
    run.report = describe_mpi_ranks(mpirun);
    for (const int pid : conclab::descendant_processes(mpirun)) {
      ::kill(pid, SIGKILL);
    }
    ::kill(-mpirun, SIGKILL);
  }
  ::close(pipe_ends[0]);
  int status = 0;
  ::waitpid(mpirun, &status, 0);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.finished = !open;
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::error_code ignored;
  std::filesystem::remove_all(session, ignored);
  return run;
}

/// The lines of `output` that start with `prefix`, without it.
inline std::vector<std::string> lines_starting(const std::string& output, std::string_view prefix) {
  std::vector<std::string> found;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with(prefix)) {
      found.push_back(line.substr(prefix.size()));
    }
  }
  return found;
}

/// The numbers of a line of text, in order.
inline std::vector<double> numbers_in(const std::string& text) {
  std::vector<double> numbers;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    char* end = nullptr;
    const double value = std::strtod(word.c_str(), &end);
    if (end != word.c_str() && *end == '\0') {
      numbers.push_back(value);
    }
  }
  return numbers;
}

/// How long a known-good run takes here and now: a ring shift of 4 MiB on two ranks with the
/// given MPI_Sendrecv (measured once per test executable).
inline double reference_seconds() {
  static const double seconds = [] {
    const MpiRun run = run_mpi(2, {"ring-reference", "524288"}, std::chrono::seconds(60));
    return run.finished && run.status == 0 ? run.seconds : 2.0;
  }();
  return seconds;
}

/// A deadline of `factor` times the known-good run, and at least `floor`.
inline std::chrono::milliseconds patient_budget(double factor, std::chrono::milliseconds floor) {
  const auto calibrated =
      std::chrono::milliseconds(static_cast<long>(factor * 1000 * reference_seconds()));
  return std::max(calibrated, floor);
}

/// The text a failed run's assertion shows: how it ended, its report and its output.
inline std::string describe(const MpiRun& run) {
  std::string text;
  if (!run.started) {
    text = "mpirun did not start: ";
  } else if (!run.finished) {
    // One line, so that a shortened report (the grader's) still shows every rank.
    std::string ranks = run.report;
    while (!ranks.empty() && ranks.back() == '\n') {
      ranks.pop_back();
    }
    for (std::size_t at = ranks.find('\n'); at != std::string::npos; at = ranks.find('\n', at)) {
      ranks.replace(at, 1, "; ");
    }
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", run.seconds);  // NOLINT
    text = "no end after " + std::string(seconds) + " s (the ranks were killed): " + ranks;
  } else {
    text = "mpirun exited with status " + std::to_string(run.status) + " after " +
           std::to_string(run.seconds) + " s. ";
  }
  return text + "\nWhat the ranks printed:\n" + run.output;
}

}  // namespace lab12::testing
