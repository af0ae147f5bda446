#include "conclab/grading/subprocess.hpp"

#include <dirent.h>
#include <signal.h>

#include <doctest/doctest.h>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "conclab/grading/errors.hpp"

namespace {

using conclab::grading::run;
using conclab::grading::RunOptions;
using conclab::grading::RunResult;
using std::chrono::milliseconds;
using std::chrono::seconds;

RunResult run_shell(const std::string& script, milliseconds timeout = milliseconds(0)) {
  RunOptions options;
  options.argv = {"sh", "-c", script};
  options.timeout = timeout;
  return run(options);
}

/// Live (not zombie) processes whose process group is `group`, from /proc.
int live_processes_in_group(int group) {
  int count = 0;
  DIR* proc = ::opendir("/proc");
  REQUIRE(proc != nullptr);
  while (const dirent* entry = ::readdir(proc)) {
    std::ifstream stat(std::string("/proc/") + entry->d_name + "/stat");
    std::string line;
    if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) {
      continue;
    }
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    char state = 0;
    int parent = 0;
    int process_group = 0;
    fields >> state >> parent >> process_group;
    count += process_group == group && state != 'Z' ? 1 : 0;
  }
  ::closedir(proc);
  return count;
}

}  // namespace

TEST_CASE("run captures standard output and standard error together, with the exit code") {
  const RunResult result = run_shell("echo out; echo err >&2; exit 3");
  CHECK(result.output == "out\nerr\n");
  CHECK(result.exit_code == 3);
  CHECK_FALSE(result.signal);
  CHECK_FALSE(result.timed_out);
  CHECK_FALSE(result.succeeded());
}

TEST_CASE("run can leave standard error out") {
  RunOptions options;
  options.argv = {"sh", "-c", "echo out; echo err >&2"};
  options.capture_stderr = false;
  CHECK(run(options).output == "out\n");
}

TEST_CASE("run reports the signal that ended the program") {
  const RunResult result = run_shell("kill -SEGV $$");
  REQUIRE(result.signal);
  CHECK(*result.signal == SIGSEGV);
  CHECK(result.exit_code == -1);
  CHECK(conclab::grading::describe_exit(result).find("signal 11") != std::string::npos);
}

TEST_CASE("run uses the working folder and the extra environment variables") {
  RunOptions options;
  options.argv = {"sh", "-c", "pwd; echo \"$CONCLAB_TEST_VALUE\""};
  options.working_dir = "/";
  options.env = {{"CONCLAB_TEST_VALUE", "forty two"}};
  const RunResult result = run(options);
  CHECK(result.output == "/\nforty two\n");
  CHECK(result.succeeded());
}

TEST_CASE("the time limit stops a sleeping program well within the limit and leaves nothing") {
  RunOptions options;
  options.argv = {"sleep", "100"};
  options.timeout = milliseconds(300);
  const RunResult result = run(options);
  CHECK(result.timed_out);
  CHECK(result.elapsed < seconds(3));
  REQUIRE(result.signal);
  CHECK(*result.signal == SIGTERM);
  CHECK(::kill(result.pid, 0) == -1);
  CHECK(errno == ESRCH);
}

TEST_CASE("the time limit stops the whole process group, even processes that ignore SIGTERM") {
  // The shell and its two sleeps ignore SIGTERM, so only SIGKILL a second later ends them.
  const RunResult result =
      run_shell("trap '' TERM; sleep 100 & sleep 100 & wait", milliseconds(300));
  CHECK(result.timed_out);
  CHECK(result.elapsed >= seconds(1));
  CHECK(result.elapsed < seconds(4));
  REQUIRE(result.signal);
  CHECK(*result.signal == SIGKILL);
  for (int attempt = 0; attempt < 100 && live_processes_in_group(result.pid) > 0; ++attempt) {
    ::usleep(10'000);  // SIGKILL is delivered asynchronously
  }
  CHECK(live_processes_in_group(result.pid) == 0);
}

TEST_CASE("output beyond the cap is dropped with a note, keeping the beginning and the end") {
  RunOptions options;
  options.argv = {"seq", "1", "100000"};
  options.output_cap = 1000;
  const RunResult result = run(options);
  CHECK(result.output_truncated);
  CHECK(result.output.size() < 1200);
  CHECK(result.output.starts_with("1\n2\n3\n"));
  CHECK(result.output.ends_with("99999\n100000\n"));
  CHECK(result.output.find("bytes of output were dropped") != std::string::npos);
}

TEST_CASE("output under the cap is kept whole") {
  RunOptions options;
  options.argv = {"seq", "1", "1000"};
  options.output_cap = 1 << 20;
  const RunResult result = run(options);
  CHECK_FALSE(result.output_truncated);
  CHECK(result.output.size() == 3893);
}

TEST_CASE("a program that is not installed is reported as such") {
  RunOptions options;
  options.argv = {"conclab-no-such-program", "--version"};
  const RunResult result = run(options);
  CHECK(result.program_not_found);
  CHECK(result.exit_code == conclab::grading::kProgramNotFoundExitCode);
  CHECK(result.start_error == "conclab-no-such-program is not installed");
  CHECK_THROWS_WITH_AS(static_cast<void>(conclab::grading::run_tool(options)),
                       doctest::Contains("conclab-no-such-program is not installed"),
                       conclab::grading::MissingTool);
}

TEST_CASE("a working folder that does not exist is reported, not taken for a missing program") {
  RunOptions options;
  options.argv = {"true"};
  options.working_dir = "/no/such/folder";
  const RunResult result = run(options);
  CHECK_FALSE(result.program_not_found);
  CHECK(result.start_error.find("/no/such/folder") != std::string::npos);
}

TEST_CASE("sleep_unless_interrupted sleeps when nothing interrupts it") {
  CHECK(conclab::grading::sleep_unless_interrupted(milliseconds(20)));
}
