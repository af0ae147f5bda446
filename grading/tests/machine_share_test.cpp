#include "conclab/grading/machine_share.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

using conclab::grading::MachineShare;
using conclab::grading::testing::TempDir;

namespace {

/// Long enough for a thread that could go on to do so; the checks below never depend on a
/// thread being slow, only on one that must wait not having gone on.
constexpr auto kSettle = std::chrono::milliseconds(200);

/// The order in which the threads below got their claims.
class Arrivals {
 public:
  void arrive(const char* who) {
    const std::scoped_lock lock(mutex_);
    order_.emplace_back(who);
  }
  std::vector<std::string> order() {
    const std::scoped_lock lock(mutex_);
    return order_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> order_;
};

/// Waits until some claim holds the turnstile of the locks in `folder`.
void wait_for_closed_turnstile(const std::filesystem::path& folder) {
  const std::string file = (folder / "conclab-machine-turnstile.lock").string();
  for (;;) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    const bool closed = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0;
    if (fd >= 0) {
      ::close(fd);
    }
    if (closed) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

TEST_CASE("builds and test runs share the machine") {
  const TempDir folder;
  MachineShare::use_folder(folder.path());
  const MachineShare first = MachineShare::shared();
  std::atomic<bool> second_taken = false;
  std::jthread([&] {
    const MachineShare second = MachineShare::shared();
    second_taken = true;
  }).join();  // would hang if shared claims excluded each other
  CHECK(second_taken);
  MachineShare::use_folder("/tmp");
}

TEST_CASE("a speedup measurement waits for the machine alone, and goes before later claims") {
  const TempDir folder;
  MachineShare::use_folder(folder.path());
  Arrivals arrivals;
  auto running = std::make_unique<MachineShare>(MachineShare::shared());
  std::jthread measurement([&] {
    const MachineShare alone = MachineShare::alone();
    arrivals.arrive("measurement");
    std::this_thread::sleep_for(kSettle);  // the later test run must still wait meanwhile
    arrivals.arrive("measurement done");
  });
  wait_for_closed_turnstile(folder.path());
  std::this_thread::sleep_for(kSettle);
  CHECK(arrivals.order().empty());  // a test run still holds the machine
  std::jthread later_run([&] {
    const MachineShare share = MachineShare::shared();
    arrivals.arrive("later run");
  });
  std::this_thread::sleep_for(kSettle);
  CHECK(arrivals.order().empty());  // the waiting measurement keeps the later run out
  running.reset();
  measurement.join();
  later_run.join();
  CHECK(arrivals.order() ==
        std::vector<std::string>{"measurement", "measurement done", "later run"});
  MachineShare::use_folder("/tmp");
}
