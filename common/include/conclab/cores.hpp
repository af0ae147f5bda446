/// @file cores.hpp
/// @brief How many cores this process may really use.
#pragma once

namespace conclab {

/// The cores this process may run on at once: the smaller of its CPU affinity mask and its
/// cgroup's CPU quota (rounded down, at least 1). Unlike std::thread::hardware_concurrency(),
/// this sees `taskset -c 0` and container limits.
unsigned available_cores();

}  // namespace conclab
