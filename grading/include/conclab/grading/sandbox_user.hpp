/// @file sandbox_user.hpp
/// @brief A user id of its own for each sandboxed run, so that runs side by side never share a
/// process limit.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <utility>

namespace conclab::grading {

/// The first of the user ids SandboxUser leases, and how many there are. Nothing on the machine
/// should own them: they lie above the ranges that useradd and systemd hand out, and below 2^31.
inline constexpr uid_t kFirstSandboxUid = 1'900'000'000;
inline constexpr int kSandboxUidCount = 64;

/// One user id, held by this process until the object is destroyed, that no other sandboxed run
/// on the machine holds at the same time.
///
/// RLIMIT_NPROC counts every process and thread of a user. If two gradings ran their tests as
/// the same user (nobody), a fork bomb held to the limit in one would leave the other unable to
/// start a thread or a child, and a correct submission would lose points to its neighbour. Each
/// run therefore takes an id of its own from kFirstSandboxUid on, with nobody's group. The
/// lease is an exclusive flock() on a file in a root-only folder (shared by every grader on the
/// machine, and let go by the kernel when a grader dies); processes an earlier holder of the id
/// left behind are killed before the lease is handed out.
class SandboxUser {
 public:
  /// Leases a free id, waiting when all are taken. Nothing when we are not root (runs keep our
  /// own user) or when there is no user nobody. Throws std::runtime_error when the lease folder
  /// cannot be made safely.
  static std::optional<SandboxUser> lease();

  /// Leases one of the kSandboxUidCount ids from `first_uid` on, through the locks in `folder`,
  /// instead of the machine's. For tests: with a range and a folder no grading uses, a test can
  /// neither race a grading beside it for an id nor kill that grading's processes.
  static std::optional<SandboxUser> lease_in(const std::filesystem::path& folder, uid_t first_uid);

  SandboxUser(SandboxUser&& other) noexcept;
  SandboxUser& operator=(SandboxUser&&) = delete;
  SandboxUser(const SandboxUser&) = delete;
  SandboxUser& operator=(const SandboxUser&) = delete;
  ~SandboxUser();

  /// The user and group id to run as (Sandbox::run_as).
  [[nodiscard]] std::pair<uid_t, gid_t> ids() const { return {uid_, gid_}; }

 private:
  SandboxUser(int lock_fd, uid_t uid, gid_t gid) : lock_fd_(lock_fd), uid_(uid), gid_(gid) {}

  int lock_fd_;
  uid_t uid_;
  gid_t gid_;
};

/// The machine's lease folder: /tmp/conclab-sandbox-users (one path for every grader, whatever
/// its TMPDIR).
[[nodiscard]] std::filesystem::path sandbox_user_folder();

}  // namespace conclab::grading
