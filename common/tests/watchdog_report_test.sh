#!/usr/bin/env bash
# Runs the tests that hang on purpose (deadlocking_test.cpp) through the launcher and checks that
# the watchdog ends each with a report that names every thread's wait and the right diagnosis.
#   watchdog_report_test.sh RUN_TEST DEADLOCKING_TEST_EXECUTABLE
set -u
run_test=$1
executable=$2
failures=0
source_file="$(dirname "$0")/deadlocking_test.cpp"
line_of() { grep -n "$1" "$source_file" | head -1 | cut -d: -f1; }
reach_line=$(line_of 'const std::scoped_lock reach(theirs)')
wait_line=$(line_of 'ready.wait(lock)')

# expect_report TEST PATTERN...: the report of TEST has a line matching each PATTERN.
expect_report() {
  local test=$1 output pattern
  shift
  output=$("$run_test" --expect-fail -- "$executable" --gtest_filter="Hangs.$test" 2>&1)
  for pattern in "$@"; do
    if ! grep -qE "$pattern" <<< "$output"; then
      echo "FAIL: the report on $test has no line matching: $pattern"
      failures=$((failures + 1))
    fi
  done
  echo "--- the report on $test:"
  grep '^conclab watchdog:' <<< "$output"
}

expect_report TwoThreadsLockTwoMutexesInOppositeOrders \
  "is blocked locking a mutex held by thread [0-9]+, in hold_then_reach at deadlocking_test.cpp:$reach_line" \
  'diagnosis: a deadlock: thread [0-9]+ waits for a mutex held by thread [0-9]+, which waits for a mutex held by thread [0-9]+' \
  'is joining thread [0-9]+'
expect_report AWaiterIsNotifiedBeforeItWaits \
  "is waiting on a condition variable, in .*deadlocking_test.cpp:$wait_line" \
  'diagnosis: every thread waits on a condition variable'

# A process that waits for good is reported in seconds, long before its budget (30 s here).
# Not under ThreadSanitizer: its background thread sleeps and wakes, so the rule never holds.
if ! ldd "$executable" | grep -q libtsan; then
  started=$SECONDS
  CONCLAB_TIMEOUT_SCALE=30 expect_report TwoThreadsLockTwoMutexesInOppositeOrders \
    'did not finish: after [0-9.]+ s \(of its 30 s\) every one of its threads waits, with no time limit' \
    'diagnosis: a deadlock: thread [0-9]+ waits for a mutex held by thread [0-9]+'
  if ((SECONDS - started > 10)); then
    echo "FAIL: a deadlock with a 30 s budget took $((SECONDS - started)) s to be reported"
    failures=$((failures + 1))
  fi
fi

# A death test's child has a watchdog of its own, and no process is left behind.
expect_report ADeathTestsChildSpins \
  "a death test's child process did not finish" \
  'is running' \
  'Hangs.ADeathTestsChildSpins'
sleep 0.2
if pgrep -f "gtest_filter=Hangs.ADeathTestsChildSpins" > /dev/null; then
  echo "FAIL: the death test's child is still running"
  pkill -9 -f "gtest_filter=Hangs.ADeathTestsChildSpins"
  failures=$((failures + 1))
fi

# A program that cannot end after its last test is ended all the same, and says why.
expect_report AThreadLeftRunningBlocksTheExit \
  'the program did not end after its last test'

exit $((failures > 0))
