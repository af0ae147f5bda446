#!/usr/bin/env bash
# Runs lock_order_inversion (one thread takes A then B, a later one B then A) through the
# launcher, and checks who reported the inversion:
#   expect_inversion_reports.sh checker|checker-and-tsan RUN_TEST EXECUTABLE
# checker:          the lock-order checker's report, naming both lines; the run succeeds.
# checker-and-tsan: that report and ThreadSanitizer's lock-order-inversion report (the run
#                   then fails: ThreadSanitizer's exit code says it reported something).
set -u
expects=$1
run_test=$2
executable=$3
source_file="$(dirname "$0")/lock_order_inversion.cpp"
line_of() { grep -n "$1" "$source_file" | head -1 | cut -d: -f1; }
from_line=$(line_of 'const std::scoped_lock hold_from(from.mutex)')
to_line=$(line_of 'const std::scoped_lock hold_to(to.mutex)')

output=$("$run_test" -- "$executable" 2>&1)
status=$?
failures=0
expect() {  # expect DESCRIPTION PATTERN: the output has a line matching PATTERN
  if ! grep -qE "$2" <<< "$output"; then
    echo "FAIL: no $1 (no line matching: $2)"
    failures=$((failures + 1))
  fi
}

checker_report="^conclab lock-order: possible deadlock: \"account A\" \(lock_order_inversion.cpp:$to_line\) taken while holding \"account B\" \(lock_order_inversion.cpp:$from_line\) on thread [0-9]+; earlier \"account B\" \(lock_order_inversion.cpp:$to_line\) was taken while holding \"account A\" \(lock_order_inversion.cpp:$from_line\) on thread [0-9]+$"
expect "report of the lock-order checker naming both lines" "$checker_report"
case "$expects" in
  checker)
    if [ "$status" -ne 0 ]; then
      echo "FAIL: the run failed (exit $status)"
      failures=$((failures + 1))
    fi
    ;;
  checker-and-tsan)
    expect "report of ThreadSanitizer" 'WARNING: ThreadSanitizer: lock-order-inversion'
    ;;
  *)
    echo "usage: expect_inversion_reports.sh checker|checker-and-tsan RUN_TEST EXECUTABLE" >&2
    exit 2
    ;;
esac

echo "--- the reports (exit $status):"
grep -E '^conclab lock-order:|ThreadSanitizer: lock-order-inversion' <<< "$output"
if [ "$failures" -gt 0 ]; then
  echo "--- the whole output:"
  echo "$output"
fi
exit $((failures > 0))
