#include "conclab/grading/sandbox_user.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "conclab/grading/sandbox.hpp"
#include "conclab/grading/subprocess.hpp"
#include "conclab/grading/text.hpp"
#include "temp_dir.hpp"
#include "text_checks.hpp"

namespace {

using conclab::grading::kFirstSandboxUid;
using conclab::grading::run;
using conclab::grading::RunOptions;
using conclab::grading::RunResult;
using conclab::grading::Sandbox;
using conclab::grading::SandboxUser;
using conclab::grading::testing::contains;
using conclab::grading::testing::TempDir;

/// Runs `argv` as it is, outside any sandbox.
RunResult run_plain(std::vector<std::string> argv) {
  RunOptions options;
  options.argv = std::move(argv);
  options.timeout = std::chrono::seconds(30);
  return run(options);
}

/// Runs `script` with bash in the sandbox as `ids`, held to `processes` processes.
RunResult run_as(std::pair<uid_t, gid_t> ids, const std::string& script, rlim_t processes) {
  Sandbox sandbox;
  sandbox.run_as = ids;
  sandbox.processes = processes;
  RunOptions options;
  options.argv = {"bash", "-c", script};
  options.sandbox = sandbox;
  options.timeout = std::chrono::seconds(30);
  return run(options);
}

/// How many processes of user `uid` are alive (zombies left out: they are dead), from ps.
int processes_of(uid_t uid) {
  const RunResult listed = run_plain({"ps", "-U", std::to_string(uid), "-o", "stat="});
  int alive = 0;
  for (const std::string& state : conclab::grading::split_lines(listed.output)) {
    alive += state.starts_with('Z') ? 0 : 1;
  }
  return alive;
}

/// Waits up to 10 s for user `uid` to have `count` processes (at least, or at most).
bool reaches(uid_t uid, int count, bool at_least) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < give_up) {
    const int now = processes_of(uid);
    if (at_least ? now >= count : now <= count) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

/// Leaves 63 processes of user `ids` running for 5 s, outside any sandbox: with the program of
/// a run held to 64, that user's limit is full (what a fork bomb held to the limit does to its
/// user). Started from this thread, without a helper thread: forking from several threads at
/// once is what ThreadSanitizer builds handle worst.
void fill_process_limit(std::pair<uid_t, gid_t> ids) {
  const RunResult started = run_plain(
      {"setpriv", "--reuid=" + std::to_string(ids.first), "--regid=" + std::to_string(ids.second),
       "--clear-groups", "bash", "-c", "for i in $(seq 63); do sleep 5 > /dev/null 2>&1 & done"});
  REQUIRE(started.succeeded());
  REQUIRE(reaches(ids.first, 63, true));
}

/// A script that starts 40 processes and says so when all of them started. Bash retries a fork
/// the process limit refused, saying "Resource temporarily unavailable" each time.
const std::string kFortyProcesses =
    "i=0; while [ $i -lt 40 ]; do sleep 1 & i=$((i+1)); done; wait; echo all started";

/// The ids the tests lease: the kSandboxUidCount ids after the gradings' own, through a folder of
/// their own. A grading running beside the tests (CI runs them so) never holds one of them, so
/// the tests know which id a lease hands out, and killing an id's processes kills none of the
/// grading's. The test binaries of two build trees may run side by side too: one at a time holds
/// the range, for a whole test case: lease() while a TestLeases is alive.
class TestLeases {
 public:
  TestLeases()
      : guard_(::open("/tmp/conclab-sandbox-test-users.lock",
                      O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) {
    REQUIRE(guard_ >= 0);
    while (::flock(guard_, LOCK_EX) != 0) {
      REQUIRE(errno == EINTR);
    }
  }
  TestLeases(const TestLeases&) = delete;
  TestLeases& operator=(const TestLeases&) = delete;
  TestLeases(TestLeases&&) = delete;
  TestLeases& operator=(TestLeases&&) = delete;
  ~TestLeases() { ::close(guard_); }

  [[nodiscard]] static std::optional<SandboxUser> lease() {
    return SandboxUser::lease_in(folder(), kFirstTestUid);
  }
  [[nodiscard]] static std::filesystem::path folder() { return "/tmp/conclab-sandbox-test-users"; }

  static constexpr uid_t kFirstTestUid =
      kFirstSandboxUid + static_cast<uid_t>(conclab::grading::kSandboxUidCount);

 private:
  int guard_;
};

}  // namespace

TEST_CASE("runs side by side lease different users, and a released one is leased again") {
  const TestLeases held;
  auto first = TestLeases::lease();
  if (!first) {
    MESSAGE("skipped: not root, so programs run as our own user");
    return;
  }
  const auto second = TestLeases::lease();
  REQUIRE(second);
  const uid_t first_uid = first->ids().first;
  CHECK(first_uid == TestLeases::kFirstTestUid);
  CHECK(second->ids().first == first_uid + 1);
  CHECK(first->ids().second == conclab::grading::unprivileged_user()->second);
  first.reset();
  const auto third = TestLeases::lease();  // the lowest free id: the one just let go
  REQUIRE(third);
  CHECK(third->ids().first == first_uid);
  struct stat status {};
  REQUIRE(::stat(TestLeases::folder().c_str(), &status) == 0);
  CHECK((status.st_mode & 0777U) == 0700U);
}

TEST_CASE("the machine's lease folder is one for every grader, closed to others") {
  CHECK(conclab::grading::sandbox_user_folder() == "/tmp/conclab-sandbox-users");
  if (!SandboxUser::lease()) {
    MESSAGE("skipped: not root");
    return;
  }
  struct stat status {};
  REQUIRE(::stat(conclab::grading::sandbox_user_folder().c_str(), &status) == 0);
  CHECK((status.st_mode & 0777U) == 0700U);
}

TEST_CASE("a lease folder others could write to is refused") {
  const TempDir dir;
  if (!conclab::grading::unprivileged_user()) {
    MESSAGE("skipped: not root");
    return;
  }
  const auto folder = dir.path() / "users";
  std::filesystem::create_directory(folder);
  std::filesystem::permissions(folder, std::filesystem::perms::all);
  CHECK_THROWS_WITH_AS(SandboxUser::lease_in(folder, TestLeases::kFirstTestUid),
                       doctest::Contains("closed to others"), std::runtime_error);
}

TEST_CASE("a user whose process limit is full leaves a run under another lease free to start") {
  const TestLeases held;
  const auto bomber = TestLeases::lease();
  if (!bomber || !conclab::grading::probe_sandbox().pids) {
    MESSAGE("skipped: needs root and a PID namespace");
    return;
  }
  const auto neighbour = TestLeases::lease();
  REQUIRE(neighbour);
  fill_process_limit(bomber->ids());
  SUBCASE("a user of its own: the neighbour starts all 40") {
    const RunResult result = run_as(neighbour->ids(), kFortyProcesses, 64);
    CHECK(result.succeeded());
    CHECK(contains(result.output, "all started"));
    CHECK_FALSE(contains(result.output, "Resource temporarily unavailable"));
  }
  SUBCASE("the same user (what one user for every run did): the neighbour cannot") {
    const RunResult result = run_as(bomber->ids(), kFortyProcesses, 64);
    // Depending on the kernel, its program is not even let start (an exec by a user over its
    // limit fails), or its forks are refused and bash says so.
    INFO(result.output);
    CHECK((!result.succeeded() || contains(result.output, "Resource temporarily unavailable")));
  }
  run_plain({"pkill", "-KILL", "-U", std::to_string(bomber->ids().first)});
}

TEST_CASE("processes an earlier holder left behind are killed before the id is leased again") {
  const TestLeases held;
  auto first = TestLeases::lease();
  if (!first) {
    MESSAGE("skipped: not root");
    return;
  }
  const auto [uid, gid] = first->ids();
  // A process of that user outside any sandbox, as one left behind without a PID namespace.
  const RunResult started =
      run_plain({"setpriv", "--reuid=" + std::to_string(uid), "--regid=" + std::to_string(gid),
                 "--clear-groups", "bash", "-c", "sleep 60 > /dev/null 2>&1 &"});
  REQUIRE(started.succeeded());
  REQUIRE(reaches(uid, 1, true));
  first.reset();
  const auto again = TestLeases::lease();
  REQUIRE(again);
  CHECK(again->ids().first == uid);
  CHECK(reaches(uid, 0, false));
}
