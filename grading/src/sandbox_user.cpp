#include "conclab/grading/sandbox_user.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>
#include <string>

#include "conclab/grading/sandbox.hpp"

namespace conclab::grading {

namespace {

namespace fs = std::filesystem;

/// Makes `folder`, or checks the one there: it must be our own and closed to others, or
/// whoever made it could hold every lease or swap a lock file.
void make_private_folder(const fs::path& folder) {
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    throw std::runtime_error("cannot make the sandbox's user folder " + folder.string());
  }
  struct stat status {};
  if (::lstat(folder.c_str(), &status) != 0 || !S_ISDIR(status.st_mode) ||
      status.st_uid != ::geteuid() || (status.st_mode & 077U) != 0) {
    throw std::runtime_error(folder.string() +
                             " must be a folder of the grader's own user, closed to others "
                             "(mode 0700): remove it and grade again");
  }
}

/// The lock file of the id `uid`, open.
int open_lock(const fs::path& folder, uid_t uid) {
  const fs::path file = folder / (std::to_string(uid) + ".lock");
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    throw std::runtime_error("cannot open the sandbox's user lock " + file.string());
  }
  return fd;
}

/// flock(fd, operation), retried when a signal interrupts it; false when it is not granted.
bool lock(int fd, int operation) {
  while (::flock(fd, operation) != 0) {
    if (errno != EINTR) {
      return false;
    }
  }
  return true;
}

/// Kills every process of `uid`: a child becomes that user and signals all it may, which are
/// that user's processes and no others (kill(-1) spares the caller itself).
void kill_everything_of(uid_t uid, gid_t gid) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(gid) == 0 && ::setuid(uid) == 0) {
      ::kill(-1, SIGKILL);
    }
    ::_exit(0);
  }
  int status = 0;
  while (child > 0 && ::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

fs::path sandbox_user_folder() {
  return "/tmp/conclab-sandbox-users";
}

std::optional<SandboxUser> SandboxUser::lease() {
  return lease_in(sandbox_user_folder(), kFirstSandboxUid);
}

std::optional<SandboxUser> SandboxUser::lease_in(const fs::path& folder, uid_t first_uid) {
  const auto nobody = unprivileged_user();
  if (!nobody) {
    return std::nullopt;
  }
  make_private_folder(folder);
  const gid_t gid = nobody->second;
  const auto granted = [&](int fd, uid_t uid) {
    kill_everything_of(uid, gid);  // what an earlier holder's run left behind
    return SandboxUser(fd, uid, gid);
  };
  for (int index = 0; index < kSandboxUidCount; ++index) {
    const uid_t uid = first_uid + static_cast<uid_t>(index);
    const int fd = open_lock(folder, uid);
    if (lock(fd, LOCK_EX | LOCK_NB)) {
      return granted(fd, uid);
    }
    ::close(fd);
  }
  // Every id is in use: wait for one, picked by our pid so that waiters spread out.
  const uid_t uid = first_uid + static_cast<uid_t>(::getpid() % kSandboxUidCount);
  const int fd = open_lock(folder, uid);
  if (!lock(fd, LOCK_EX)) {
    ::close(fd);
    throw std::runtime_error("cannot lease a user for the sandbox in " + folder.string());
  }
  return granted(fd, uid);
}

SandboxUser::SandboxUser(SandboxUser&& other) noexcept
    : lock_fd_(other.lock_fd_), uid_(other.uid_), gid_(other.gid_) {
  other.lock_fd_ = -1;
}

SandboxUser::~SandboxUser() {
  if (lock_fd_ >= 0) {
    ::close(lock_fd_);  // closing the only descriptor lets the lease go
  }
}

}  // namespace conclab::grading
