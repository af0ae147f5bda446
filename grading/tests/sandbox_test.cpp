#include "conclab/grading/sandbox.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"
#include "temp_dir.hpp"
#include "text_checks.hpp"

namespace {

using conclab::grading::probe_sandbox;
using conclab::grading::run;
using conclab::grading::RunOptions;
using conclab::grading::RunResult;
using conclab::grading::Sandbox;
using conclab::grading::unprivileged_user;
using conclab::grading::testing::contains;
using conclab::grading::testing::TempDir;
using std::chrono::milliseconds;
using std::chrono::seconds;

/// Options that run `argv` in the default sandbox, as the unprivileged user when we are root.
RunOptions sandboxed(std::vector<std::string> argv, Sandbox sandbox = {}) {
  sandbox.run_as = unprivileged_user();
  RunOptions options;
  options.argv = std::move(argv);
  options.sandbox = sandbox;
  options.timeout = seconds(30);
  return options;
}

/// Ids of the live processes for which `keep(pid_dir)` is true, from /proc.
template <typename Predicate>
std::vector<int> live_processes(Predicate keep) {
  std::vector<int> found;
  DIR* proc = ::opendir("/proc");
  REQUIRE(proc != nullptr);
  while (const dirent* entry = ::readdir(proc)) {  // NOLINT(concurrency-mt-unsafe): one thread
    const std::string name = static_cast<const char*>(entry->d_name);
    if (name.find_first_not_of("0123456789") != std::string::npos) {
      continue;  // not a process
    }
    const std::string dir = "/proc/" + name;
    std::ifstream status(dir + "/status");
    std::string line;
    bool zombie = false;
    while (std::getline(status, line)) {
      zombie = zombie || (line.starts_with("State:") && line.find('Z') != std::string::npos);
    }
    if (status.eof() && !zombie && keep(dir)) {
      found.push_back(std::stoi(name));
    }
  }
  ::closedir(proc);
  return found;
}

/// Processes that have `marker` among their arguments.
std::vector<int> processes_with_argument(const std::string& marker) {
  return live_processes([&marker](const std::string& dir) {
    std::ifstream file(dir + "/cmdline");
    std::string argument;
    while (std::getline(file, argument, '\0')) {
      if (argument == marker) {
        return true;
      }
    }
    return false;
  });
}

/// Waits up to two seconds for `find()` to come back empty (killing is asynchronous), then
/// kills what is left so a failing test leaves nothing behind; returns what was left.
template <typename Find>
std::vector<int> left_behind(Find find) {
  std::vector<int> left = find();
  for (int attempt = 0; attempt < 200 && !left.empty(); ++attempt) {
    ::usleep(10'000);
    left = find();
  }
  for (const int pid : left) {
    ::kill(pid, SIGKILL);
  }
  return left;
}

/// The soft limit named `name` ("Max processes") in the text of /proc/self/limits.
std::string soft_limit(const std::string& limits, const std::string& name) {
  std::istringstream lines(limits);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with(name + " ")) {
      std::istringstream fields(line.substr(name.size()));
      std::string soft;
      fields >> soft;
      return soft;
    }
  }
  return "(missing)";
}

}  // namespace

TEST_CASE("the sandbox's network has only the loopback interface, and it is up") {
  if (!probe_sandbox().network) {
    MESSAGE("skipped: " << describe(probe_sandbox()));
    return;
  }
  RunOptions options =
      sandboxed({"bash", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"});
  CHECK(run(options).output == "lo\n");

  // A closed port on a loopback interface that is down is unreachable; when it is up the
  // connection is refused.
  options.argv = {"bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9"};
  CHECK(contains(run(options).output, "Connection refused"));

  // There is no route anywhere else, so this fails at once instead of waiting for an answer.
  options.argv = {"bash", "-c", "exec 3<>/dev/tcp/10.255.255.1/80"};
  options.timeout = seconds(5);
  const RunResult outside = run(options);
  CHECK_FALSE(outside.timed_out);
  CHECK(outside.exit_code != 0);
  CHECK(contains(outside.output, "Network is unreachable"));
}

TEST_CASE("processes a sandboxed program leaves behind are killed, even in their own session") {
  if (!probe_sandbox().pids) {
    MESSAGE("skipped: " << describe(probe_sandbox()));
    return;
  }
  const std::string marker = "987.654321";
  const RunResult result =
      run(sandboxed({"sh", "-c", "setsid sleep " + marker + " & echo started"}));
  CHECK(result.succeeded());
  CHECK(result.output == "started\n");
  CHECK(left_behind([&] { return processes_with_argument(marker); }).empty());
}

TEST_CASE("a sandboxed program has a session, and so a CPU share, of its own") {
  if (!probe_sandbox().pids) {
    MESSAGE("skipped: " << describe(probe_sandbox()));
    return;
  }
  // Where the kernel has autogroups, each session is one scheduling group: a fork bomb in one
  // grading then cannot starve the threads of a grading beside it (they once stood still for a
  // second, and a correct submission's test was stopped as stuck).
  const std::string ours = conclab::grading::read_file("/proc/self/autogroup");
  const RunResult result = run(sandboxed({"cat", "/proc/self/autogroup"}));
  REQUIRE(result.succeeded());
  if (ours.empty()) {
    MESSAGE("skipped: this kernel has no autogroups");
    return;
  }
  CHECK(result.output != ours);
  // The program leads its session: its session id is its own process id.
  const RunResult leader =
      run(sandboxed({"bash", "-c",
                     "read -r pid comm state ppid group session rest < /proc/self/stat; "
                     "echo $pid; echo $session"}));
  const std::vector<std::string> ids = conclab::grading::split_lines(leader.output);
  REQUIRE(ids.size() == 2);
  CHECK(ids[1] == ids[0]);
}

TEST_CASE("the sandbox's /proc is its PID namespace's: ids read there name its own processes") {
  if (!probe_sandbox().pids) {
    MESSAGE("skipped: " << describe(probe_sandbox()));
    return;
  }
  // The shell's own id ($$, from the kernel), the id its /proc/self names, and its one thread
  // in /proc/$$/task are the same number, and a small one: the namespace's. With the host's
  // /proc, /proc/self would name the host's id for it, and /proc/$$ some other process.
  const std::string host_mounts = conclab::grading::read_file("/proc/self/mountinfo");
  const RunResult result = run(sandboxed(
      {"bash", "-c", "echo $$; read -r pid rest < /proc/self/stat; echo $pid; ls /proc/$$/task"}));
  const std::vector<std::string> ids = conclab::grading::split_lines(result.output);
  REQUIRE(ids.size() == 3);
  CHECK(ids[1] == ids[0]);
  CHECK(ids[2] == ids[0]);
  CHECK(std::stoi(ids[0]) <= 3);  // init is 1, the program one of the next (3 under TSan)
  // The namespace's /proc stays inside it: the host's mounts are unchanged.
  CHECK(conclab::grading::read_file("/proc/self/mountinfo") == host_mounts);
}

TEST_CASE("the sandboxed program runs as the unprivileged user, without supplementary groups") {
  const auto user = unprivileged_user();
  if (!user) {
    MESSAGE("skipped: not root, so programs run as our own user");
    return;
  }
  CHECK(user->first == 65534);
  const std::string uid = std::to_string(user->first);
  const std::string gid = std::to_string(user->second);
  const RunResult result = run(sandboxed({"sh", "-c", "id -u; id -g; id -G"}));
  CHECK(result.output == uid + "\n" + gid + "\n" + gid + "\n");
}

TEST_CASE("the sandbox sets the resource limits it is given and leaves unset ones alone") {
  Sandbox sandbox;
  sandbox.cpu_seconds = 100;
  sandbox.address_space_bytes = rlim_t{4} << 30U;
  sandbox.processes = 64;
  sandbox.file_size_bytes = rlim_t{1} << 20U;
  sandbox.open_files.reset();
  sandbox.core_bytes = 0;
  const std::string limits = run(sandboxed({"cat", "/proc/self/limits"}, sandbox)).output;
  CHECK(soft_limit(limits, "Max cpu time") == "100");
  CHECK(soft_limit(limits, "Max address space") == "4294967296");
  CHECK(soft_limit(limits, "Max processes") == "64");
  CHECK(soft_limit(limits, "Max file size") == "1048576");
  CHECK(soft_limit(limits, "Max core file size") == "0");
  rlimit ours{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &ours) == 0);
  CHECK(soft_limit(limits, "Max open files") == std::to_string(ours.rlim_cur));
}

TEST_CASE("a program that writes a file beyond the size limit is stopped by SIGXFSZ") {
  const TempDir dir;
  Sandbox sandbox;
  sandbox.file_size_bytes = rlim_t{1} << 20U;
  RunOptions options = sandboxed({"sh", "-c", "exec head -c 2000000 /dev/zero > big"}, sandbox);
  conclab::grading::hand_over(dir.path(), *options.sandbox);
  options.working_dir = dir.path();
  const RunResult result = run(options);
  REQUIRE(result.signal);
  CHECK(*result.signal == SIGXFSZ);
  CHECK(std::filesystem::file_size(dir.path() / "big") == rlim_t{1} << 20U);
}

TEST_CASE("the process limit holds for the unprivileged user") {
  if (!unprivileged_user()) {
    MESSAGE("skipped: not root, and the limit counts all of our own processes");
    return;
  }
  const std::string marker = "30.4242";
  Sandbox sandbox;
  sandbox.processes = 16;
  const RunResult result = run(sandboxed(
      {"sh", "-c",
       "i=0; while [ $i -lt 40 ]; do sleep " + marker + " & i=$((i+1)); done; echo all started"},
      sandbox));
  CHECK_FALSE(result.succeeded());
  CHECK_FALSE(contains(result.output, "all started"));
  left_behind([&] { return processes_with_argument(marker); });
}

namespace {

/// Runs a shell fork bomb limited to 64 processes that then runs `then` ("sleep 2"), with the
/// time limit `limit`. The marker is the shell's $0, which every copy keeps: other programs of
/// the same user (a grader at work) are neither counted nor touched.
RunResult run_fork_bomb(const std::string& marker, const std::string& then, seconds limit) {
  Sandbox sandbox;
  sandbox.processes = 64;
  RunOptions options = sandboxed({"bash", "-c", ":(){ :|:& };:; " + then, marker}, sandbox);
  options.timeout = limit;
  const RunResult result = run(options);
  CHECK(left_behind([&] { return processes_with_argument(marker); }).empty());
  return result;
}

}  // namespace

TEST_CASE("a fork bomb in the sandbox ends, within seconds, and leaves no process behind") {
  const auto user = unprivileged_user();
  if (!user || !probe_sandbox().pids) {
    MESSAGE("skipped: needs root and a PID namespace: " << describe(probe_sandbox()));
    return;
  }
  SUBCASE("when the program ends") {
    CHECK(run_fork_bomb("conclab-fork-bomb-877", "sleep 2", seconds(5)).elapsed < seconds(10));
  }
  SUBCASE("when the program goes on: the supervisor stops a namespace that stays full") {
    // Without the supervisor's count this would run until the 60 s time limit.
    const RunResult result = run_fork_bomb("conclab-fork-bomb-878", "sleep 100", seconds(60));
    CHECK_FALSE(result.timed_out);
    CHECK(result.elapsed < seconds(15));
    CHECK(contains(result.output, "a fork bomb"));
  }
}

TEST_CASE("the sandbox passes the program's exit code and signal on") {
  CHECK(run(sandboxed({"sh", "-c", "exit 7"})).exit_code == 7);

  // In a PID namespace the program must not be its PID 1, which cannot signal itself.
  const RunResult crashed = run(sandboxed({"sh", "-c", "kill -SEGV $$"}));
  REQUIRE(crashed.signal);
  CHECK(*crashed.signal == SIGSEGV);
  CHECK(crashed.exit_code == -1);
}

TEST_CASE("the time limit stops a sandboxed program with SIGTERM and leaves nothing") {
  const std::string marker = "100.321";
  RunOptions options = sandboxed({"sh", "-c", "sleep " + marker});
  options.timeout = milliseconds(300);
  const RunResult result = run(options);
  CHECK(result.timed_out);
  CHECK(result.elapsed < seconds(3));
  REQUIRE(result.signal);
  CHECK(*result.signal == SIGTERM);
  CHECK(left_behind([&] { return processes_with_argument(marker); }).empty());
}

TEST_CASE("the time limit also ends a sandbox whose processes ignore SIGTERM and left the group") {
  if (!probe_sandbox().pids) {
    MESSAGE("skipped: " << describe(probe_sandbox()));
    return;
  }
  const std::string marker = "100.432";
  RunOptions options = sandboxed({"sh", "-c", "trap '' TERM; setsid sleep " + marker + " & wait"});
  options.timeout = milliseconds(300);
  const RunResult result = run(options);
  CHECK(result.timed_out);
  CHECK(result.elapsed < seconds(4));
  REQUIRE(result.signal);
  CHECK(*result.signal == SIGKILL);
  CHECK(left_behind([&] { return processes_with_argument(marker); }).empty());
}

TEST_CASE("a sandboxed program's output is not held up, and a missing program is reported") {
  RunOptions options = sandboxed({"seq", "1", "100000"});
  options.timeout = seconds(20);
  const RunResult result = run(options);
  CHECK_FALSE(result.timed_out);
  CHECK(result.output.size() == 588895);

  // By full path: as another user, folders of ours in PATH may give EACCES instead of ENOENT.
  options.argv = {"/usr/bin/conclab-no-such-program"};
  const RunResult missing = run(options);
  CHECK(missing.program_not_found);
  CHECK(missing.start_error == "/usr/bin/conclab-no-such-program is not installed");
}

TEST_CASE("only the isolation the system supports is planned, with the limits that are set") {
  using conclab::grading::detail::make_sandbox_plan;
  conclab::grading::SandboxSupport support;
  Sandbox sandbox;
  auto plan = make_sandbox_plan(sandbox, support);
  CHECK_FALSE(plan.network);
  CHECK_FALSE(plan.pids);
  CHECK(plan.limits.size() == 6);

  support.network = true;
  support.pids = true;
  sandbox.isolate_pids = false;
  sandbox.address_space_bytes.reset();
  plan = make_sandbox_plan(sandbox, support);
  CHECK(plan.network);
  CHECK_FALSE(plan.pids);
  CHECK(plan.limits.size() == 5);
}

TEST_CASE("describe says in one line which isolation is in place") {
  conclab::grading::SandboxSupport support;
  support.network = true;
  support.pids = true;
  support.user = "nobody";
  CHECK(describe(support) == "network: isolated; processes: isolated; user: nobody");
  support.pids = false;
  support.pids_problem = "cannot create a PID namespace: Operation not permitted";
  support.user.clear();
  CHECK(describe(support) ==
        "network: isolated; processes: not isolated (cannot create a PID namespace: Operation "
        "not permitted); user: unchanged");
}

TEST_CASE("a failed switch of user names the user") {
  Sandbox sandbox;
  sandbox.run_as = std::pair{uid_t{65534}, gid_t{65533}};
  CHECK(conclab::grading::detail::describe_sandbox_step(conclab::grading::detail::SandboxStep::user,
                                                        sandbox) ==
        "cannot switch to user 65534 (group 65533)");
}

TEST_CASE("hand_over gives a folder and everything in it to the sandbox's user") {
  const TempDir dir;
  dir.write("sub/file.txt", "text");
  Sandbox sandbox;
  conclab::grading::hand_over(dir.path(), sandbox);  // no run_as: nothing to do
  if (::geteuid() != 0) {
    MESSAGE("skipped: only root can give files away");
    return;
  }
  sandbox.run_as = std::pair{uid_t{65534}, gid_t{65534}};
  conclab::grading::hand_over(dir.path(), sandbox);
  for (const auto* relative : {"", "sub", "sub/file.txt"}) {
    struct stat info {};
    REQUIRE(::lstat((dir.path() / relative).c_str(), &info) == 0);
    CHECK(info.st_uid == 65534);
    CHECK(info.st_gid == 65534);
  }
}

TEST_CASE("a folder closed to others stops the sandbox's user on the way to what lies below") {
  const TempDir temp;
  const std::filesystem::path closed = temp.path() / "closed";
  const std::filesystem::path inside = closed / "build" / "default";
  std::filesystem::create_directories(inside);
  const std::pair<uid_t, gid_t> stranger{::getuid() + 12345, ::getgid() + 12345};
  ::chmod(temp.path().c_str(), 0711);  // mkdtemp made it 0700 too
  ::chmod(closed.c_str(), 0700);       // what mktemp -d makes
  CHECK(conclab::grading::first_closed_folder(inside, stranger) == closed);
  CHECK(conclab::grading::first_closed_folder(inside, {::getuid(), ::getgid()}) == std::nullopt);
  ::chmod(closed.c_str(), 0711);
  CHECK(conclab::grading::first_closed_folder(inside, stranger) == std::nullopt);
  CHECK(conclab::grading::first_closed_folder(inside / "not-made-yet", stranger) == std::nullopt);
}
