#include "conclab/thread_waits.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <string>
#include <vector>

#include "conclab/stack_capture.hpp"

namespace {

// A trimmed copy of what eu-stack printed on this machine for two threads stuck on each
// other's mutex.
constexpr std::string_view kEuStackOutput = R"(PID 29191 - process
TID 29192:
#0  0x00007f39a22a412b futex_wait
    ../sysdeps/nptl/futex-internal.h:146:13
#1  0x00007f39a22a412b __GI___lll_lock_wait
    ./nptl/lowlevellock.c:49:7
#2  0x00007f39a22aa482 ___pthread_mutex_lock
    ./nptl/pthread_mutex_lock.c:93:7
#3  0x000055df24b97ba2 std::mutex::lock()
    /usr/include/c++/12/bits/std_mutex.h:100:37
#4  0x000055df24b9734b Bank::transfer(Account&, Account&)
    /work/labs/06-deadlocks/bank.cpp:42:11
#5  0x00007f39a24d44a3
TID 29193:
#0  0x00007f39a22a412b futex_wait
#1  0x00007f39a22a412b __pthread_cond_wait_common
#2  0x00007f39a24d44a3 std::condition_variable::wait(std::unique_lock<std::mutex>&)
#3  0x000055df24b973c9 Queue::pop()
    /work/labs/04-queues/queue.hpp:17:5
)";

conclab::ThreadWait waiting(int tid, conclab::WaitKind kind, int waits_for = 0) {
  conclab::ThreadWait thread;
  thread.tid = tid;
  thread.name = "worker";
  thread.kind = kind;
  thread.waits_for = waits_for;
  return thread;
}

bool has_line_with(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const auto& line) { return line.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("eu-stack output becomes frames with functions, files and lines") {
  const auto stacks = conclab::parse_eu_stack(kEuStackOutput);
  REQUIRE(stacks.size() == 2);
  const auto& first = stacks.at(29192);
  REQUIRE(first.size() == 6);
  CHECK(first[2].function == "___pthread_mutex_lock");
  CHECK(first[4].function == "Bank::transfer(Account&, Account&)");
  CHECK(first[4].file == "/work/labs/06-deadlocks/bank.cpp");
  CHECK(first[4].line == 42);
  CHECK(first[5].function.empty());
  CHECK(stacks.at(29193).size() == 4);
}

TEST_CASE("a wait is told from the innermost frames, or from the system call without them") {
  const auto stacks = conclab::parse_eu_stack(kEuStackOutput);
  using conclab::WaitKind;
  CHECK(conclab::classify_wait(stacks.at(29192), false, 202) == WaitKind::kMutex);
  CHECK(conclab::classify_wait(stacks.at(29193), false, 202) == WaitKind::kConditionVariable);
  CHECK(conclab::classify_wait({}, false, 202) == WaitKind::kFutex);
  CHECK(conclab::classify_wait({}, false, 230) == WaitKind::kSleep);
  CHECK(conclab::classify_wait({}, true, -1) == WaitKind::kRunning);
}

TEST_CASE("the program's own frame is the first outside the libraries") {
  const auto stacks = conclab::parse_eu_stack(kEuStackOutput);
  const auto frame = conclab::own_code_frame(stacks.at(29193));
  REQUIRE(frame.has_value());
  CHECK(frame->function == "Queue::pop()");
  CHECK(frame->line == 17);
  CHECK_FALSE(conclab::own_code_frame({}).has_value());
}

TEST_CASE("a relative path is the program's own when it leads into one of conclab's folders") {
  // ccache's base_dir makes the compiler record paths relative to the build folder.
  const auto own = [](std::string file) {
    const std::vector<conclab::StackFrame> stack = {{"worker()", std::move(file), 3}};
    return conclab::own_code_frame(stack).has_value();
  };
  CHECK(own("../../labs/01-threads-and-locks/tests/race_test.cpp"));
  CHECK(own("grade/01-threads-and-locks/reference/src/counter.cpp"));
  CHECK(own("/home/student/conclab/labs/01-threads-and-locks/counter.cpp"));
  CHECK_FALSE(own("../sysdeps/nptl/futex-internal.h"));
  CHECK_FALSE(own("./nptl/pthread_join_common.c"));
  CHECK_FALSE(own("/usr/include/c++/12/thread"));
}

TEST_CASE("a cycle of threads waiting for each other's mutexes is found once") {
  using conclab::WaitKind;
  const std::vector threads = {waiting(7, WaitKind::kMutex, 9), waiting(9, WaitKind::kMutex, 7),
                               waiting(3, WaitKind::kJoin, 7)};
  const auto cycles = conclab::find_wait_cycles(threads);
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0] == std::vector{7, 9});
  const auto lines = conclab::explain_hang(threads);
  CHECK(has_line_with(lines, "thread 7 \"worker\" is blocked locking a mutex held by thread 9"));
  CHECK(has_line_with(lines, "thread 3 \"worker\" is joining thread 7"));
  CHECK(has_line_with(lines,
                      "diagnosis: a deadlock: thread 7 waits for a mutex held by thread 9, "
                      "which waits for a mutex held by thread 7"));
}

TEST_CASE("threads that all wait on condition variables are a lost wake-up, not a lock cycle") {
  using conclab::WaitKind;
  const std::vector threads = {waiting(1, WaitKind::kJoin, 2),
                               waiting(2, WaitKind::kConditionVariable),
                               waiting(3, WaitKind::kConditionVariable)};
  CHECK(conclab::find_wait_cycles(threads).empty());
  const auto lines = conclab::explain_hang(threads);
  CHECK(has_line_with(lines, "every thread waits on a condition variable"));
  CHECK_FALSE(has_line_with(lines, "a deadlock"));
}

TEST_CASE("tasks waiting for futures nobody is free to produce are named as such") {
  using conclab::WaitKind;
  const std::vector<conclab::StackFrame> future_wait = {
      {"std::__atomic_futex_unsigned_base::_M_futex_wait_until(unsigned int*, ...)", "", 0},
      {"std::__future_base::_State_baseV2::wait()", "", 0}};
  CHECK(conclab::classify_wait(future_wait, false, 202) == WaitKind::kFuture);
  const std::vector threads = {waiting(1, WaitKind::kFuture), waiting(2, WaitKind::kFuture),
                               waiting(3, WaitKind::kConditionVariable)};
  const auto lines = conclab::explain_hang(threads);
  CHECK(has_line_with(lines, "thread 1 \"worker\" is waiting for a future"));
  CHECK(has_line_with(lines, "diagnosis: threads wait for futures"));
  CHECK_FALSE(has_line_with(lines, "every thread waits on a condition variable"));
}

TEST_CASE("a running thread is an endless loop") {
  const auto lines = conclab::explain_hang({waiting(4, conclab::WaitKind::kRunning)});
  CHECK(has_line_with(lines, "is running"));
  CHECK(has_line_with(lines, "diagnosis: a thread is still running"));
}

TEST_CASE("a child process is found by its parent, alive, then as a zombie, then gone") {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::pause();
    ::_exit(0);
  }
  const std::vector<int> alive = conclab::child_processes(::getpid());
  CHECK(std::find(alive.begin(), alive.end(), child) != alive.end());
  CHECK(conclab::process_state(child) != 'Z');
  ::kill(child, SIGKILL);
  siginfo_t info{};
  ::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT);  // ended, not reaped
  CHECK(conclab::process_state(child) == 'Z');
  ::waitpid(child, nullptr, 0);
  CHECK(conclab::process_state(child) == '?');
  const std::vector<int> after = conclab::child_processes(::getpid());
  CHECK(std::find(after.begin(), after.end(), child) == after.end());
}

TEST_CASE("only threads that all wait on a futex with no time limit wait for good") {
  conclab::ThreadWait waiting;
  waiting.waits_without_limit = true;
  conclab::ThreadWait sleeping;  // a sleep, a timed wait, a read: something can still happen
  CHECK(conclab::waits_for_good({waiting, waiting}, false));
  CHECK_FALSE(conclab::waits_for_good({waiting, sleeping}, false));
  CHECK_FALSE(conclab::waits_for_good({waiting}, true));  // a child may share a futex
  CHECK_FALSE(conclab::waits_for_good({}, false));
}
