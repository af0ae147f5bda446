#include "conclab/grading/sandbox.hpp"

#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string_view>
#include <system_error>

#include "conclab/grading/errors.hpp"

namespace conclab::grading {

namespace {

using detail::LimitPlan;
using detail::SandboxPlan;
using detail::SandboxStep;

/// The account programs run as when the grader is root.
constexpr const char* kUnprivilegedUserName = "nobody";

// ---- In the child, between fork() and exec: system calls only, no allocation. ----

// The program the supervising process forwards SIGTERM to; set before the handler runs.
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
volatile std::sig_atomic_t g_program_pid = 0;

extern "C" void forward_to_program(int signal) {
  const int saved_errno = errno;
  if (g_program_pid > 0) {
    ::kill(static_cast<pid_t>(g_program_pid), signal);
  }
  errno = saved_errno;
}

/// Writes all of `text` to the file at `path`; false with errno set when it cannot.
bool write_file(const char* path, std::string_view text) noexcept {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int saved_errno = errno;
  ::close(fd);
  errno = saved_errno;
  return written;
}

/// A user namespace in which we keep our own ids (so the program gains nothing) but hold
/// the capabilities needed to create the other namespaces until exec.
bool enter_user_namespace(const SandboxPlan& plan) noexcept {
  return ::unshare(CLONE_NEWUSER) == 0 && write_file("/proc/self/setgroups", "deny") &&
         write_file("/proc/self/uid_map", plan.uid_map) &&
         write_file("/proc/self/gid_map", plan.gid_map);
}

/// Sets IFF_UP on the loopback interface of our network namespace; -1 with errno on failure.
int bring_up_loopback() noexcept {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  ifreq request{};
  std::memcpy(static_cast<char*>(request.ifr_name), "lo", sizeof "lo");
  int result = ::ioctl(fd, SIOCGIFFLAGS, &request);
  if (result == 0) {
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP | IFF_RUNNING);
    result = ::ioctl(fd, SIOCSIFFLAGS, &request);
  }
  const int saved_errno = errno;
  ::close(fd);
  errno = saved_errno;
  return result;
}

std::optional<SandboxStep> enter_network_namespace() noexcept {
  if (::unshare(CLONE_NEWNET) != 0) {
    return SandboxStep::network_namespace;
  }
  if (bring_up_loopback() != 0) {
    return SandboxStep::loopback;
  }
  return std::nullopt;
}

/// Gives the PID namespace its own /proc, in a mount namespace of its own. Without it the
/// program would read the host's /proc, where its thread ids name other processes: the
/// watchdog's thread report and tests that look at /proc/<tid>/stat would see strangers.
/// Mounts are first made private, so that the new /proc never shows outside.
bool mount_own_proc() noexcept {
  return ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
         ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) == 0;
}

/// Unshares the PID namespace, and the mount namespace that will hold its /proc.
bool unshare_pids() noexcept {
  return ::unshare(CLONE_NEWPID | CLONE_NEWNS) == 0;
}

/// Sets one limit; without the privilege to raise a hard limit, it is lowered to our own.
bool set_limit(const LimitPlan& limit) noexcept {
  if (::setrlimit(limit.resource, &limit.value) == 0) {
    return true;
  }
  rlimit current{};
  if (errno != EPERM || ::getrlimit(limit.resource, &current) != 0) {
    return false;
  }
  const rlimit lowered{std::min(limit.value.rlim_cur, current.rlim_max),
                       std::min(limit.value.rlim_max, current.rlim_max)};
  return ::setrlimit(limit.resource, &lowered) == 0;
}

bool set_limits(const SandboxPlan& plan) noexcept {
  return std::all_of(plan.limits.begin(), plan.limits.end(), set_limit);
}

/// Drops supplementary groups, then the group, then the user: in this order, since only
/// root may do the first two.
bool switch_user(const SandboxPlan& plan) noexcept {
  if (!plan.run_as) {
    return true;
  }
  return ::setgroups(0, nullptr) == 0 && ::setgid(plan.run_as->second) == 0 &&
         ::setuid(plan.run_as->first) == 0;
}

/// Waits for a child; its wait status, or that of "exit 1" if it cannot be waited for.
int wait_for(pid_t pid) noexcept {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return 1 << 8;
    }
  }
  return status;
}

/// Ends this process the way the wait status `status` says another one ended.
[[noreturn]] void end_like(int status) noexcept {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    ::prctl(PR_SET_DUMPABLE, 0);  // the program crashed, not us: no core dump of ours
    ::signal(signal, SIG_DFL);
    sigset_t only{};
    sigemptyset(&only);
    sigaddset(&only, signal);
    ::sigprocmask(SIG_UNBLOCK, &only, nullptr);  // NOLINT(concurrency-mt-unsafe): one thread
    ::raise(signal);
    ::_exit(128 + signal);  // not reached for a signal whose default ends the process
  }
  ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/// PID 1 of the namespace: reaps orphans and ends when the supervising process is gone
/// (its end of the `alive` pipe closes). When it ends, the kernel kills the namespace.
[[noreturn]] void be_namespace_init(int alive_fd, int output_fd, int report_fd) noexcept {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::signal(SIGCHLD, SIG_IGN);  // children that end are reaped by the kernel
  for (const int fd : {report_fd, output_fd, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    ::close(fd);  // the parent waits for the end of the report pipe, so it must not stay open
  }
  pollfd entry{alive_fd, POLLIN, 0};
  while (::poll(&entry, 1, -1) < 0 && errno == EINTR) {
  }
  ::_exit(0);
}

/// How often the supervisor counts the namespace's processes, and for how many counts in a
/// row they must stay at the fork-bomb level before the namespace is stopped.
constexpr int kCountEveryMilliseconds = 250;
constexpr int kFullCountsToStop = 8;
/// No lab needs this many processes, and every fork bomb gets there.
constexpr rlim_t kForkBombProcesses = 128;

/// The processes of the PID namespace whose /proc is mounted on /proc (the program mounts its
/// own, in the mount namespace we share), or -1 while /proc is not that one yet (its device is
/// still `host_proc`). Raw getdents64: we are a forked child and may not allocate.
long count_namespace_processes(dev_t host_proc) noexcept {
  struct stat proc {};
  if (::stat("/proc", &proc) != 0 || proc.st_dev == host_proc) {
    return -1;
  }
  const int fd = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return -1;
  }
  long count = 0;
  alignas(8) std::array<char, 16384> buffer{};
  for (;;) {
    const long bytes = ::syscall(SYS_getdents64, fd, buffer.data(), buffer.size());
    if (bytes <= 0) {
      break;
    }
    for (long offset = 0; offset < bytes;) {
      // linux_dirent64: ino (8), off (8), reclen (2), type (1), then the name.
      unsigned short record = 0;
      std::memcpy(&record, buffer.data() + offset + 16, sizeof record);
      const char first = buffer[static_cast<std::size_t>(offset) + 19];
      count += first >= '0' && first <= '9' ? 1 : 0;
      offset += record;
    }
  }
  ::close(fd);
  return count;
}

/// Says on the program's standard error why it was stopped: the grader shows the output's end.
void report_fork_bomb() noexcept {
  constexpr std::string_view kMessage =
      "\nconclab sandbox: the program kept starting processes until it reached the process "
      "limit (a fork bomb), and was stopped\n";
  [[maybe_unused]] const ssize_t ignored = ::write(STDERR_FILENO, kMessage.data(), kMessage.size());
}

/// Waits up to one counting period for `program` to end: on its pidfd, or by sleeping
/// when the kernel has no pidfd_open (before Linux 5.3).
void pause_for(int pidfd) noexcept {
  if (pidfd >= 0) {
    pollfd entry{pidfd, POLLIN, 0};
    ::poll(&entry, 1, kCountEveryMilliseconds);
    return;
  }
  const timespec pause{0, kCountEveryMilliseconds * 1'000'000L};
  ::nanosleep(&pause, nullptr);
}

int open_pidfd([[maybe_unused]] pid_t pid) noexcept {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  return -1;
#endif
}

/// Waits for the program, counting the namespace's processes meanwhile; stops the namespace
/// (through its init) when they stay at `bomb` for kFullCountsToStop counts in a row.
int wait_for_program(pid_t init, pid_t program, long bomb, dev_t host_proc) noexcept {
  if (bomb <= 0) {
    return wait_for(program);
  }
  const int pidfd = open_pidfd(program);
  int full_counts = 0;
  for (;;) {
    int status = 0;
    const pid_t ended = ::waitpid(program, &status, WNOHANG);
    if (ended == program || (ended < 0 && errno != EINTR)) {
      ::close(pidfd);
      return ended == program ? status : 1 << 8;
    }
    pause_for(pidfd);
    full_counts = count_namespace_processes(host_proc) >= bomb ? full_counts + 1 : 0;
    if (full_counts >= kFullCountsToStop) {
      report_fork_bomb();
      ::kill(init, SIGKILL);  // the kernel then kills every process of the namespace
      ::close(pidfd);
      return wait_for(program);
    }
  }
}

/// Outside the namespace: forwards SIGTERM to the program, waits for it, then kills the
/// namespace (through its init) and ends the same way the program did.
[[noreturn]] void supervise(pid_t init, pid_t program, const sigset_t& mask, long bomb,
                            dev_t host_proc) noexcept {
  // A grader killed with -9 takes us along, and we take the program (and with it the
  // namespace) along: nothing of a killed batch keeps running.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  g_program_pid = program;
  struct sigaction action {};
  action.sa_handler = forward_to_program;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigprocmask(SIG_SETMASK, &mask, nullptr);  // NOLINT(concurrency-mt-unsafe): one thread
  const int status = wait_for_program(init, program, bomb, host_proc);
  ::kill(init, SIGKILL);
  wait_for(init);  // returns once every process of the namespace is gone
  end_like(status);
}

/// Starts the namespace's init and the program's process; returns only in the latter.
/// The program is PID 2, not 1: signals it sends itself (abort(), kill $$) must work.
std::optional<SandboxStep> split_off_program(int output_fd, int report_fd, long bomb) noexcept {
  struct stat host_proc {};
  ::stat("/proc", &host_proc);
  std::array<int, 2> alive{};
  if (::pipe2(alive.data(), O_CLOEXEC) != 0) {
    return SandboxStep::fork;
  }
  const pid_t init = ::fork();
  if (init < 0) {
    return SandboxStep::fork;
  }
  if (init == 0) {
    ::close(alive[1]);
    be_namespace_init(alive[0], output_fd, report_fd);
  }
  ::close(alive[0]);
  sigset_t term{};
  sigset_t mask{};
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  // Blocked until the forwarding handler is in place.
  ::sigprocmask(SIG_BLOCK, &term, &mask);  // NOLINT(concurrency-mt-unsafe): one thread
  const pid_t program = ::fork();
  if (program < 0) {
    const int saved_errno = errno;
    ::kill(init, SIGKILL);
    errno = saved_errno;
    return SandboxStep::fork;
  }
  if (program == 0) {
    ::close(alive[1]);
    ::sigprocmask(SIG_SETMASK, &mask, nullptr);  // NOLINT(concurrency-mt-unsafe): one thread
    // A session of its own is a scheduling group of its own where the kernel has autogroups
    // (sched_autogroup_enabled): the scheduler shares the CPUs between sessions first, so a
    // program that starts hundreds of busy processes (a fork bomb) slows a grading beside it
    // down by half at most, instead of starving its threads for seconds. The supervisor
    // outside still stops the namespace, whatever group its processes are in.
    ::setsid();
    return mount_own_proc() ? std::nullopt : std::optional{SandboxStep::proc};
  }
  ::close(report_fd);  // the program reports its own start; the parent waits for the end
  supervise(init, program, mask, bomb, host_proc.st_dev);
}

/// Makes the program die with its supervisor. The supervisor is outside the namespace, so
/// getppid() is 0 while it lives and 1 (our init) once it is gone. Set after switching user,
/// which clears it.
void die_with_supervisor() noexcept {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != 0) {
    ::raise(SIGKILL);
  }
}

std::optional<SandboxStep> enter_namespaces(const SandboxPlan& plan, int output_fd,
                                            int report_fd) noexcept {
  if (plan.user_namespace && !enter_user_namespace(plan)) {
    return SandboxStep::user_namespace;
  }
  if (plan.network) {
    if (const auto failed = enter_network_namespace()) {
      return failed;
    }
  }
  if (plan.pids) {
    if (!unshare_pids()) {
      return SandboxStep::pid_namespace;
    }
    return split_off_program(output_fd, report_fd, plan.fork_bomb_processes);
  }
  return std::nullopt;
}

// ---- The probe: a child that tries the isolation and reports what worked. ----

/// What the probe child found: the failed step (0 if none) and errno, per isolation.
struct ProbeReport {
  int network_step = 0;
  int network_error = 0;
  int pids_step = 0;
  int pids_error = 0;
};

/// Enters a PID namespace and checks that a process started in it is its PID 1 and can
/// mount the namespace's own /proc.
std::optional<SandboxStep> try_pid_namespace() noexcept {
  if (!unshare_pids()) {
    return SandboxStep::pid_namespace;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    return SandboxStep::fork;
  }
  if (child == 0) {
    if (::getpid() != 1) {
      ::_exit(ESRCH);
    }
    ::_exit(mount_own_proc() ? 0 : errno);
  }
  const int status = wait_for(child);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    errno = WIFEXITED(status) ? WEXITSTATUS(status) : ECHILD;
    return errno == ESRCH ? SandboxStep::fork : SandboxStep::proc;
  }
  return std::nullopt;
}

ProbeReport probe_in_child(const SandboxPlan& plan) noexcept {
  ProbeReport report;
  if (plan.user_namespace && !enter_user_namespace(plan)) {
    report.network_step = report.pids_step = static_cast<int>(SandboxStep::user_namespace);
    report.network_error = report.pids_error = errno;
    return report;
  }
  if (const auto failed = enter_network_namespace()) {
    report.network_step = static_cast<int>(*failed);
    report.network_error = errno;
  }
  if (const auto failed = try_pid_namespace()) {
    report.pids_step = static_cast<int>(*failed);
    report.pids_error = errno;
  }
  return report;
}

/// Runs probe_in_child() in a child process and returns its report.
ProbeReport run_probe(const SandboxPlan& plan) {
  ProbeReport report{static_cast<int>(SandboxStep::fork), 0, static_cast<int>(SandboxStep::fork),
                     0};
  std::array<int, 2> pipe{};
  if (::pipe2(pipe.data(), O_CLOEXEC) != 0) {
    report.network_error = report.pids_error = errno;
    return report;
  }
  const pid_t child = ::fork();
  if (child == 0) {
    const ProbeReport found = probe_in_child(plan);
    [[maybe_unused]] const ssize_t ignored = ::write(pipe[1], &found, sizeof found);
    ::_exit(0);
  }
  report.network_error = report.pids_error = child < 0 ? errno : ECHILD;
  ::close(pipe[1]);
  if (child > 0) {
    ProbeReport found;
    if (::read(pipe[0], &found, sizeof found) == static_cast<ssize_t>(sizeof found)) {
      report = found;
    }
    wait_for(child);
  }
  ::close(pipe[0]);
  return report;
}

// ---- The parent's side. ----

/// "5 5 1": the id maps to itself, one id long.
std::string identity_map(unsigned id) {
  const std::string text = std::to_string(id);
  return text + " " + text + " 1\n";
}

/// A plan with only what entering the namespaces needs.
SandboxPlan namespace_plan(bool network, bool pids) {
  SandboxPlan plan;
  plan.network = network;
  plan.pids = pids;
  plan.user_namespace = (network || pids) && ::geteuid() != 0;
  if (plan.user_namespace) {
    plan.uid_map = identity_map(::getuid());
    plan.gid_map = identity_map(::getgid());
  }
  return plan;
}

/// Appends a limit when it is set; the hard limit is `extra` above the soft one.
void add_limit(SandboxPlan& plan, int resource, const std::optional<rlim_t>& value,
               rlim_t extra = 0) {
  if (!value) {
    return;
  }
  const rlim_t hard = *value == RLIM_INFINITY ? RLIM_INFINITY : *value + extra;
  plan.limits.push_back(LimitPlan{resource, rlimit{*value, hard}});
}

std::string describe_problem(int step, int error) {
  if (step == 0) {
    return {};
  }
  return detail::describe_sandbox_step(static_cast<SandboxStep>(step), Sandbox{}) + ": " +
         errno_text(error);
}

SandboxSupport detect_support() {
  const ProbeReport report = run_probe(namespace_plan(true, true));
  SandboxSupport support;
  support.user_namespace = ::geteuid() != 0;
  support.network = report.network_step == 0;
  support.pids = report.pids_step == 0;
  support.network_problem = describe_problem(report.network_step, report.network_error);
  support.pids_problem = describe_problem(report.pids_step, report.pids_error);
  support.user = unprivileged_user() ? kUnprivilegedUserName : "";
  return support;
}

std::string describe_isolation(bool isolated, const std::string& problem) {
  return isolated ? "isolated" : "not isolated (" + problem + ")";
}

void change_owner(const std::filesystem::path& path, uid_t uid, gid_t gid) {
  if (::lchown(path.c_str(), uid, gid) != 0) {
    throw std::filesystem::filesystem_error("cannot hand over to the sandbox's user", path,
                                            std::error_code(errno, std::generic_category()));
  }
}

}  // namespace

const SandboxSupport& probe_sandbox() {
  static const SandboxSupport support = detect_support();
  return support;
}

std::string describe(const SandboxSupport& support) {
  return "network: " + describe_isolation(support.network, support.network_problem) +
         "; processes: " + describe_isolation(support.pids, support.pids_problem) +
         "; user: " + (support.user.empty() ? std::string("unchanged") : support.user);
}

std::optional<std::pair<uid_t, gid_t>> unprivileged_user() {
  if (::geteuid() != 0) {
    return std::nullopt;
  }
  passwd entry{};
  passwd* found = nullptr;
  std::array<char, 16384> buffer{};
  if (::getpwnam_r(kUnprivilegedUserName, &entry, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr) {
    return std::nullopt;
  }
  return std::pair{found->pw_uid, found->pw_gid};
}

std::optional<std::filesystem::path> first_closed_folder(const std::filesystem::path& path,
                                                         std::pair<uid_t, gid_t> user) {
  std::filesystem::path folder;
  for (const auto& part : std::filesystem::absolute(path)) {
    folder /= part;
    struct stat status {};
    if (::stat(folder.c_str(), &status) != 0) {
      break;  // not made yet: whoever makes it below a reachable folder decides
    }
    const auto [uid, gid] = user;
    const bool searchable = status.st_uid == uid   ? (status.st_mode & S_IXUSR) != 0
                            : status.st_gid == gid ? (status.st_mode & S_IXGRP) != 0
                                                   : (status.st_mode & S_IXOTH) != 0;
    if (S_ISDIR(status.st_mode) && !searchable) {
      return folder;
    }
  }
  return std::nullopt;
}

void hand_over(const std::filesystem::path& dir, const Sandbox& sandbox) {
  if (!sandbox.run_as) {
    return;
  }
  const auto [uid, gid] = *sandbox.run_as;
  change_owner(dir, uid, gid);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    change_owner(entry.path(), uid, gid);
  }
}

namespace detail {

SandboxPlan make_sandbox_plan(const Sandbox& sandbox, const SandboxSupport& support) {
  SandboxPlan plan = namespace_plan(sandbox.isolate_network && support.network,
                                    sandbox.isolate_pids && support.pids);
  plan.run_as = sandbox.run_as;
  // The hard CPU limit a second later: SIGXCPU, which says why, comes before SIGKILL.
  add_limit(plan, RLIMIT_CPU, sandbox.cpu_seconds, 1);
  add_limit(plan, RLIMIT_AS, sandbox.address_space_bytes);
  add_limit(plan, RLIMIT_NPROC, sandbox.processes);
  add_limit(plan, RLIMIT_FSIZE, sandbox.file_size_bytes);
  add_limit(plan, RLIMIT_NOFILE, sandbox.open_files);
  add_limit(plan, RLIMIT_CORE, sandbox.core_bytes);
  if (plan.pids && sandbox.processes && *sandbox.processes != RLIM_INFINITY) {
    // Below the limit: it counts threads too, and the user's processes outside the
    // namespace, so a bomb may never reach the limit itself inside it.
    plan.fork_bomb_processes =
        static_cast<long>(std::min(kForkBombProcesses, *sandbox.processes * 3 / 4));
  }
  return plan;
}

SandboxPlan make_sandbox_plan(const Sandbox& sandbox) {
  const bool isolate = sandbox.isolate_network || sandbox.isolate_pids;
  return make_sandbox_plan(sandbox, isolate ? probe_sandbox() : SandboxSupport{});
}

std::optional<SandboxStep> enter_sandbox(const SandboxPlan& plan, int output_fd,
                                         int report_fd) noexcept {
  if (const auto failed = enter_namespaces(plan, output_fd, report_fd)) {
    return failed;
  }
  if (!set_limits(plan)) {
    return SandboxStep::limits;
  }
  if (!switch_user(plan)) {
    return SandboxStep::user;
  }
  if (plan.pids) {
    die_with_supervisor();
  }
  return std::nullopt;
}

std::string describe_sandbox_step(SandboxStep step, const Sandbox& sandbox) {
  switch (step) {
    case SandboxStep::user_namespace:
      return "cannot create a user namespace";
    case SandboxStep::network_namespace:
      return "cannot create a network namespace";
    case SandboxStep::loopback:
      return "cannot bring up the loopback interface";
    case SandboxStep::pid_namespace:
      return "cannot create a PID namespace";
    case SandboxStep::fork:
      return "cannot start processes in the PID namespace";
    case SandboxStep::limits:
      return "cannot set the resource limits";
    case SandboxStep::proc:
      return "cannot mount /proc for the PID namespace";
    case SandboxStep::user:
      break;
  }
  if (!sandbox.run_as) {
    return "cannot switch user";
  }
  return "cannot switch to user " + std::to_string(sandbox.run_as->first) + " (group " +
         std::to_string(sandbox.run_as->second) + ")";
}

}  // namespace detail

}  // namespace conclab::grading
