#!/usr/bin/env bash
# Tests common/scripts/run-test: the ThreadSanitizer re-run and --expect-fail's judgement.
#   run_test_launcher_test.sh PATH/TO/run-test
set -u
launcher=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
expect() {  # expect NAME WANTED_STATUS COMMAND...
  local name=$1 wanted=$2
  shift 2
  "$@" > "$work/out" 2>&1
  local status=$?
  if [ "$status" -ne "$wanted" ]; then
    echo "FAIL $name: exit $status, wanted $wanted"; sed 's/^/    /' "$work/out"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

# A program that fails like ThreadSanitizer on a kernel with too much mmap randomisation,
# unless address-space randomisation is off (personality flag ADDR_NO_RANDOMIZE, 0x0040000).
cat > "$work/tsan_like" <<'PROGRAM'
#!/usr/bin/env bash
personality=$((16#$(cat /proc/self/personality)))
if (( (personality & 0x0040000) == 0 )); then
  echo "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000"
  exit 66
fi
echo "[  PASSED  ] 1 test."
PROGRAM
printf '#!/bin/sh\necho "[  FAILED  ] Suite.Test"\nexit 1\n' > "$work/failing"
printf '#!/bin/sh\necho "all good"\n' > "$work/passing"
printf '#!/bin/sh\nkill -SEGV $$\n' > "$work/crashing"
chmod +x "$work"/*

expect "re-runs without randomisation after a TSan mapping error" 0 "$launcher" -- "$work/tsan_like"
grep -q "re-running without address-space randomisation" "$work/out" ||
  { echo "FAIL the re-run was not announced"; failures=$((failures + 1)); }
expect "passes the exit code through" 1 "$launcher" -- "$work/failing"
expect "--expect-fail accepts a failing test" 0 "$launcher" --expect-fail -- "$work/failing"
expect "--expect-fail rejects a passing run" 1 "$launcher" --expect-fail -- "$work/passing"
expect "--expect-fail rejects a crash that no test reported" 1 "$launcher" --expect-fail -- "$work/crashing"
expect "usage error without a program" 2 "$launcher"

# --skip-if-edited: skipped (77) while a file differs from the last commit, run otherwise,
# and run outside a git checkout, where edits cannot be told.
printf 'stub\n' > "$work/stub.cpp"
expect "--skip-if-edited runs the check outside git" 0 \
  "$launcher" --expect-fail --skip-if-edited "$work/stub.cpp" -- "$work/failing"
git -C "$work" init -q &&
  git -C "$work" add stub.cpp && git -C "$work" -c user.name=t -c user.email=t@t commit -qm stub
expect "--skip-if-edited runs the check on untouched files" 0 \
  "$launcher" --expect-fail --skip-if-edited "$work/stub.cpp" -- "$work/failing"
printf 'solved\n' > "$work/stub.cpp"
expect "--skip-if-edited skips the check on edited files" 77 \
  "$launcher" --expect-fail --skip-if-edited "$work/stub.cpp" -- "$work/failing"
echo "$failures failed"
[ "$failures" -eq 0 ]
