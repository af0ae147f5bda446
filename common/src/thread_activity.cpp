#include "conclab/thread_activity.hpp"

#include "conclab/thread_waits.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

namespace conclab {
namespace {

/// Whether the thread whose /proc folder is `task` is running or ready to run (state R).
bool is_runnable(const std::filesystem::path& task) {
  // stat: the id, the command in parentheses (which may hold spaces), then the state letter.
  std::ifstream file(task / "stat");
  std::string line;
  std::getline(file, line);
  const std::size_t name_end = line.rfind(')');
  return name_end != std::string::npos && name_end + 2 < line.size() && line[name_end + 2] == 'R';
}

/// Adds the counters of every thread of `pid` to `sample`.
void add_threads_of(int pid, ActivitySample& sample) {
  std::error_code error;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& entry : std::filesystem::directory_iterator(tasks, error)) {
    // schedstat: nanoseconds on a CPU, nanoseconds waiting for one, number of timeslices.
    std::ifstream file(entry.path() / "schedstat");
    ThreadRunCount count;
    if (file >> count.ran_ns >> count.waited_ns >> count.timeslices) {
      count.runnable = is_runnable(entry.path());
      sample[std::stoi(entry.path().filename().string())] = count;
    }
  }
}

/// How much `now` grew since `then`; zero if it went down.
std::uint64_t growth(std::uint64_t then, std::uint64_t now) {
  return now - std::min(now, then);
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
    delta.ran += std::chrono::nanoseconds(growth(then.ran_ns, now.ran_ns));
    delta.waited += std::chrono::nanoseconds(growth(then.waited_ns, now.waited_ns));
    const std::uint64_t timeslices = growth(then.timeslices, now.timeslices);
    delta.timeslices += timeslices;
    delta.starved += then.runnable && now.runnable && timeslices == 0 ? 1 : 0;
  }
  return delta;
}

bool shows_work(const ActivityDelta& delta, std::chrono::nanoseconds window) {
  constexpr double kCpuShare = 0.02;
  constexpr double kWakeUpsPerSecond = 50.0;
  const double seconds = std::chrono::duration<double>(window).count();
  const auto wanted = delta.ran + delta.waited;
  return static_cast<double>(wanted.count()) >= kCpuShare * static_cast<double>(window.count()) ||
         static_cast<double>(delta.timeslices) >= kWakeUpsPerSecond * seconds || delta.starved > 0;
}

}  // namespace conclab
