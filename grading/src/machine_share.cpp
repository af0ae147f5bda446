#include "conclab/grading/machine_share.hpp"

#include <mutex>

namespace conclab::grading {

namespace {

namespace fs = std::filesystem;

/// Where the lock files are: /tmp, or a test's own folder.
struct LockFolder {
  std::mutex mutex;
  fs::path path = "/tmp";  // guarded by mutex
};

LockFolder& lock_folder() {
  static LockFolder folder;
  return folder;
}

fs::path lock_file(const char* name) {
  LockFolder& folder = lock_folder();
  const std::scoped_lock lock(folder.mutex);
  return folder.path / name;
}

/// Every claim passes the turnstile first; a claim for the machine alone keeps it closed
/// while it waits and while it runs.
fs::path turnstile_file() {
  return lock_file("conclab-machine-turnstile.lock");
}

/// The claim itself: shared by builds and test runs, exclusive for a speedup measurement.
fs::path claim_file() {
  return lock_file("conclab-speedup.lock");
}

}  // namespace

void MachineShare::use_folder(const fs::path& folder) {
  LockFolder& current = lock_folder();
  const std::scoped_lock lock(current.mutex);
  current.path = folder;
}

MachineShare MachineShare::shared() {
  MachineShare share;
  {
    const MachineLock pass(turnstile_file());
    share.claim_ = std::make_unique<MachineLock>(claim_file(), MachineLock::Mode::shared);
  }
  return share;
}

MachineShare MachineShare::alone() {
  MachineShare share;
  share.turnstile_ = std::make_unique<MachineLock>(turnstile_file());
  share.claim_ = std::make_unique<MachineLock>(claim_file());
  return share;
}

}  // namespace conclab::grading
