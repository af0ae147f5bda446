#include "conclab/grading/machine_share.hpp"

#include <mutex>

namespace conclab::grading {

namespace {

namespace fs = std::filesystem;

std::mutex folder_mutex;
fs::path lock_folder = "/tmp";  // guarded by folder_mutex

fs::path lock_file(const char* name) {
  const std::scoped_lock lock(folder_mutex);
  return lock_folder / name;
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
  const std::scoped_lock lock(folder_mutex);
  lock_folder = folder;
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
