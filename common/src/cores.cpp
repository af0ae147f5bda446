#include "conclab/cores.hpp"

#include <sched.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

namespace conclab {
namespace {

unsigned affinity_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) {
    return 1;
  }
  return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
}

/// This process's cgroup (v2) folder, from the "0::/path" line of /proc/self/cgroup.
std::filesystem::path own_cgroup() {
  std::ifstream in("/proc/self/cgroup");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("0::")) {
      return std::filesystem::path("/sys/fs/cgroup") / line.substr(4);
    }
  }
  return "/sys/fs/cgroup";
}

/// The tightest "QUOTA PERIOD" limit in cpu.max from this cgroup up to the root, in cores.
unsigned quota_cores() {
  unsigned cores = ~0U;
  for (auto dir = own_cgroup(); dir.string().starts_with("/sys/fs/cgroup");
       dir = dir.parent_path()) {
    std::ifstream in(dir / "cpu.max");
    std::string quota;
    double period = 0;
    if (in >> quota >> period && quota != "max" && period > 0) {
      cores = std::min(cores, static_cast<unsigned>(std::max(1.0, std::stod(quota) / period)));
    }
    if (dir == dir.parent_path()) {
      break;
    }
  }
  return cores;
}

}  // namespace

unsigned available_cores() {
  return std::min(affinity_cores(), quota_cores());
}

}  // namespace conclab
