// What starting and joining one child costs: posix_spawn against fork + exec, fork alone (the
// way Process runs a callable), your Process, and a std::thread for scale. The exec ones run
// /bin/true. Build with the release preset; the figures are microseconds per start + join.
#include <benchmark/benchmark.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "process.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace {

void wait_for(pid_t pid, benchmark::State& state) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    state.SkipWithError("the child failed");
  }
}

void BM_PosixSpawnTrue(benchmark::State& state) {
  std::string program = "/bin/true";
  char* argv[] = {program.data(), nullptr};
  for (auto _ : state) {
    pid_t pid = 0;
    if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv, environ) != 0) {
      state.SkipWithError("posix_spawn failed");
      break;
    }
    wait_for(pid, state);
  }
}
BENCHMARK(BM_PosixSpawnTrue)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_ForkExecTrue(benchmark::State& state) {
  std::string program = "/bin/true";
  char* argv[] = {program.data(), nullptr};
  for (auto _ : state) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::execv(argv[0], argv);
      ::_exit(127);
    }
    wait_for(pid, state);
  }
}
BENCHMARK(BM_ForkExecTrue)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_ForkAlone(benchmark::State& state) {
  for (auto _ : state) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::_exit(0);
    }
    wait_for(pid, state);
  }
}
BENCHMARK(BM_ForkAlone)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_YourProcessWithACallable(benchmark::State& state) {
  for (auto _ : state) {
    lab07::Process process([] { return 0; });
    try {
      process.start();
      process.join();
    } catch (const std::exception& error) {
      state.SkipWithError(error.what());  // the stubs
      break;
    }
  }
}
BENCHMARK(BM_YourProcessWithACallable)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_YourProcessRunningTrue(benchmark::State& state) {
  for (auto _ : state) {
    lab07::Process process(std::vector<std::string>{"/bin/true"});
    try {
      process.start();
      process.join();
    } catch (const std::exception& error) {
      state.SkipWithError(error.what());
      break;
    }
  }
}
BENCHMARK(BM_YourProcessRunningTrue)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_StdThread(benchmark::State& state) {
  for (auto _ : state) {
    std::thread thread([] {});
    thread.join();
  }
}
BENCHMARK(BM_StdThread)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
