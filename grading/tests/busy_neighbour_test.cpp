#include "conclab/grading/busy_neighbour.hpp"

#include <unistd.h>

#include <doctest/doctest.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

/// The CPU seconds (user and system) process `pid` has used, from /proc/PID/stat.
double cpu_seconds(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);                                     // one line
  std::istringstream fields(text.substr(text.rfind(')') + 2));  // after "pid (name) "
  std::string field;
  for (int skip = 0; skip < 11; ++skip) {  // state ... cmajflt: utime is field 14 of the line
    fields >> field;
  }
  long user = 0;
  long system = 0;
  fields >> user >> system;
  return static_cast<double>(user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace

TEST_CASE("the busy neighbour keeps a core busy while it lives, and is gone after") {
  pid_t pid = 0;
  {
    const conclab::grading::BusyNeighbour neighbour;
    pid = neighbour.pid();
    // A spinning process reaches a tenth of a CPU second within a fraction of a second on a
    // quiet machine; on a loaded one (the self-test's tsan tests share it with the grader) it
    // may take longer, so the test waits for that much work, not for a fixed time. One that
    // sleeps never gets there.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (cpu_seconds(pid) <= 0.1 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(cpu_seconds(pid) > 0.1);
  }
  errno = 0;
  CHECK(::kill(pid, 0) != 0);
  CHECK(errno == ESRCH);
}
