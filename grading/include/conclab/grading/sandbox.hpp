/// @file sandbox.hpp
/// @brief Isolates a program run by run(): its own network and process namespaces, an
/// unprivileged user and resource limits, so untrusted test executables can be graded.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace conclab::grading {

/// How to confine a program started by run() (see RunOptions::sandbox). The defaults suit a
/// test executable. Isolation the system does not allow is left out (see probe_sandbox()).
struct Sandbox {
  /// Run in a new network namespace whose only interface is the loopback one, brought up:
  /// the program can reach 127.0.0.1 but nothing else.
  bool isolate_network = true;
  /// Run in a new PID namespace: when the program ends or is stopped, every process it
  /// left behind is killed too, even ones that left its process group with setsid().
  bool isolate_pids = true;
  /// User and group id to run as (see unprivileged_user()); unset keeps ours. Only root can
  /// switch; the working folder must be writable by this user (see hand_over()).
  std::optional<std::pair<uid_t, gid_t>> run_as;
  /// RLIMIT_CPU in seconds of CPU time; the program gets SIGXCPU when it is used up.
  std::optional<rlim_t> cpu_seconds = 600;
  /// RLIMIT_AS in bytes of virtual memory; unset it for ThreadSanitizer executables, which
  /// reserve terabytes of address space.
  std::optional<rlim_t> address_space_bytes = rlim_t{8} << 30U;
  /// RLIMIT_NPROC: processes and threads of the user, all of them together (so two programs
  /// run at once need a user each: see SandboxUser). Not enforced for root, one reason for
  /// run_as. The labs' tests need a few hundred threads at most; a
  /// fork bomb held to 512 spinning copies still lets the watchdog run within seconds.
  std::optional<rlim_t> processes = 512;
  /// RLIMIT_FSIZE in bytes: the largest file the program may write (SIGXFSZ beyond).
  std::optional<rlim_t> file_size_bytes = rlim_t{256} << 20U;
  /// RLIMIT_NOFILE: how many files the program may have open at once.
  std::optional<rlim_t> open_files = 8192;
  /// RLIMIT_CORE in bytes: 0 means no core dumps.
  std::optional<rlim_t> core_bytes = 0;
};

/// Which isolation this system allows us, found by probe_sandbox().
struct SandboxSupport {
  /// A network namespace with the loopback interface up can be made.
  bool network = false;
  /// A PID namespace can be made.
  bool pids = false;
  /// The namespaces need a user namespace of their own because we are not root.
  bool user_namespace = false;
  /// Why the network cannot be isolated (empty when it can).
  std::string network_problem;
  /// Why processes cannot be isolated (empty when they can).
  std::string pids_problem;
  /// The user programs run as when the grader uses unprivileged_user(), or empty when they
  /// run as our own user.
  std::string user;
};

/// Finds out once, in a short-lived child process, which isolation works here (in a
/// container without privileges, none may); later calls return the same answer.
[[nodiscard]] const SandboxSupport& probe_sandbox();

/// One line such as "network: isolated; processes: isolated; user: nobody".
[[nodiscard]] std::string describe(const SandboxSupport& support);

/// The ids of the user "nobody" (its group from its passwd entry) when we are root, nothing
/// otherwise (or when there is no such user).
[[nodiscard]] std::optional<std::pair<uid_t, gid_t>> unprivileged_user();

/// The first folder on the way to `path` (from "/" down, `path` included) that the user `user`
/// (uid, gid) may not enter, read from the permission bits alone; empty when every folder lets
/// it through. The sandbox's user must reach the build tree and the test launcher.
[[nodiscard]] std::optional<std::filesystem::path> first_closed_folder(
    const std::filesystem::path& path, std::pair<uid_t, gid_t> user);

/// Gives `dir` and everything in it to the sandbox's run_as user, so the program can write
/// there; does nothing without run_as. Throws std::filesystem::filesystem_error on failure.
void hand_over(const std::filesystem::path& dir, const Sandbox& sandbox);

/// Building blocks run() uses; not meant to be called directly.
namespace detail {

/// A step of entering the sandbox that can fail. The values follow run()'s own steps
/// (0: change folder, 1: exec), so a start failure names one number.
enum class SandboxStep : int {
  user_namespace = 2,     ///< unshare(CLONE_NEWUSER) and writing the id maps
  network_namespace = 3,  ///< unshare(CLONE_NEWNET)
  loopback = 4,           ///< bringing the loopback interface up
  pid_namespace = 5,      ///< unshare(CLONE_NEWPID | CLONE_NEWNS)
  fork = 6,               ///< starting the processes inside the PID namespace
  limits = 7,             ///< setrlimit()
  user = 8,               ///< setgroups(), setgid(), setuid()
  proc = 9,               ///< mounting the PID namespace's own /proc
};

/// One resource limit to set: soft and hard value.
struct LimitPlan {
  int resource = 0;  ///< RLIMIT_...
  rlimit value{};    ///< soft and hard limit
};

/// A Sandbox turned into what the child needs, prepared before fork() so that the child
/// only makes system calls (no allocation) between fork() and exec.
struct SandboxPlan {
  bool user_namespace = false;  ///< enter a user namespace first (we are not root)
  bool network = false;         ///< enter a new network namespace and bring up lo
  bool pids = false;            ///< enter a new PID namespace
  std::string uid_map;          ///< written to /proc/self/uid_map
  std::string gid_map;          ///< written to /proc/self/gid_map
  std::optional<std::pair<uid_t, gid_t>> run_as;  ///< user and group to switch to
  std::vector<LimitPlan> limits;                  ///< limits to set before exec
  /// With a PID namespace: a program whose namespace holds this many processes for a couple
  /// of seconds is a fork bomb and is stopped (0: never). Without this, hundreds of spinning
  /// copies starve the test's own watchdog, and the run lasts until its wall-clock limit.
  long fork_bomb_processes = 0;
};

/// The plan for `sandbox`, leaving out the isolation `support` says is not available.
[[nodiscard]] SandboxPlan make_sandbox_plan(const Sandbox& sandbox, const SandboxSupport& support);

/// Like the above with probe_sandbox(), which it only calls when isolation is asked for.
[[nodiscard]] SandboxPlan make_sandbox_plan(const Sandbox& sandbox);

/// Runs in run()'s child after fork(), just before exec: enters the namespaces, sets the
/// limits and switches user. With a PID namespace it forks: a tiny init process and the
/// program's own process go into the namespace, the calling process stays outside, waits
/// for the program and ends the same way (the function returns only in the program's
/// process). Returns the step that failed, with errno set, or nothing. Async-signal-safe.
[[nodiscard]] std::optional<SandboxStep> enter_sandbox(const SandboxPlan& plan, int output_fd,
                                                       int report_fd) noexcept;

/// What a failed step was trying to do, e.g. "cannot switch to user 65534 (group 65534)".
[[nodiscard]] std::string describe_sandbox_step(SandboxStep step, const Sandbox& sandbox);

}  // namespace detail

}  // namespace conclab::grading
