#include "conclab/thread_activity.hpp"

#include "conclab/thread_waits.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace conclab {
namespace {

/// Adds the counters of every thread of `pid` to `sample`.
void add_threads_of(int pid, ActivitySample& sample) {
  std::error_code error;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& entry : std::filesystem::directory_iterator(tasks, error)) {
    // schedstat: nanoseconds on a CPU, nanoseconds waiting for one, number of timeslices.
    std::ifstream file(entry.path() / "schedstat");
    ThreadRunCount count;
    std::uint64_t waited_ns = 0;
    if (file >> count.ran_ns >> waited_ns >> count.timeslices) {
      sample[std::stoi(entry.path().filename().string())] = count;
    }
  }
}

}  // namespace

ActivitySample sample_activity(int pid, bool with_descendants) {
  ActivitySample sample;
  add_threads_of(pid, sample);
  if (with_descendants) {
    for (const int child : descendant_processes(pid)) {
      add_threads_of(child, sample);
    }
  }
  return sample;
}

ActivityDelta activity_between(const ActivitySample& before, const ActivitySample& after,
                               const std::function<bool(int tid)>& counts) {
  ActivityDelta delta;
  for (const auto& [tid, now] : after) {
    if (counts && !counts(tid)) {
      continue;
    }
    ThreadRunCount then;
    if (const auto found = before.find(tid); found != before.end()) {
      then = found->second;
    }
    delta.ran += std::chrono::nanoseconds(now.ran_ns - std::min(now.ran_ns, then.ran_ns));
    delta.timeslices += now.timeslices - std::min(now.timeslices, then.timeslices);
  }
  return delta;
}

bool shows_work(const ActivityDelta& delta, std::chrono::nanoseconds window) {
  constexpr double kCpuShare = 0.02;
  constexpr double kWakeUpsPerSecond = 50.0;
  const double seconds = std::chrono::duration<double>(window).count();
  return static_cast<double>(delta.ran.count()) >=
             kCpuShare * static_cast<double>(window.count()) ||
         static_cast<double>(delta.timeslices) >= kWakeUpsPerSecond * seconds;
}

}  // namespace conclab
