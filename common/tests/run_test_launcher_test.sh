#!/usr/bin/env bash
# Tests common/scripts/run-test: the ThreadSanitizer re-run, --expect-fail's judgement, the
# chaos runs and the stub checks' skip.
#   run_test_launcher_test.sh PATH/TO/run-test
set -u
launcher=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The launchers below must not queue for the machine: the self-test runs this test with
# CONCLAB_MACHINE_SHARE=shared beside gradings that take the machine alone, and thirty launches
# each waiting for a grading's speedup measurement outlast the test's limit. The checks of the
# claim set it themselves, with a lock folder of their own.
unset CONCLAB_MACHINE_SHARE CONCLAB_MACHINE_LOCK_DIR
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
printf '#!/bin/sh\nexit 3\n' > "$work/exiting"
# Two threads growing one vector can corrupt it before ThreadSanitizer sees them race: its
# allocator then refuses the garbage size, an error report of its own (exit 66).
printf '#!/bin/sh\necho "==7==ERROR: ThreadSanitizer: requested allocation size 0x7fffffffffffffe0 exceeds maximum supported size"\nexit 66\n' \
  > "$work/tsan_error"
printf '#!/bin/sh\necho "[  SKIPPED ] A.B"\necho "[  PASSED  ] 0 tests."\n' > "$work/skipping"
printf '#!/bin/sh\necho "[  FAILED  ] A.B (fail fast: ${GTEST_FAIL_FAST:-off})"\nexit 1\n' \
  > "$work/fail_fast_echo"
printf '#!/bin/sh\necho "[       OK ] Queue.StartsEmpty (0 ms)"\necho "[  FAILED  ] Queue.Pops (3 ms)"\nexit 1\n' \
  > "$work/one_passes"
chmod +x "$work"/*

expect "re-runs without randomisation after a TSan mapping error" 0 "$launcher" -- "$work/tsan_like"
grep -q "re-running without address-space randomisation" "$work/out" ||
  { echo "FAIL the re-run was not announced"; failures=$((failures + 1)); }
expect "passes the exit code through" 1 "$launcher" -- "$work/failing"
expect "--expect-fail accepts a failing test" 0 "$launcher" --expect-fail -- "$work/failing"
expect "--expect-fail --fail-fast accepts a failing test" 0 \
  "$launcher" --expect-fail --fail-fast -- "$work/fail_fast_echo"
grep -q "fail fast: 1" "$work/out" ||
  { echo "FAIL --fail-fast did not set GTEST_FAIL_FAST=1"; failures=$((failures + 1)); }
expect "--expect-fail alone runs every test" 0 "$launcher" --expect-fail -- "$work/fail_fast_echo"
grep -q "fail fast: off" "$work/out" ||
  { echo "FAIL GTEST_FAIL_FAST was set without --fail-fast"; failures=$((failures + 1)); }
expect "--every-test-fails rejects a test the stubs pass" 1 \
  "$launcher" --expect-fail --every-test-fails -- "$work/one_passes"
grep -q "Queue.StartsEmpty passes on the untouched stubs" "$work/out" ||
  { echo "FAIL the passing test was not named"; failures=$((failures + 1)); }
expect "--every-test-fails accepts a guard that passes" 0 \
  "$launcher" --expect-fail --every-test-fails --guard Queue.StartsEmpty -- "$work/one_passes"
expect "--every-test-fails rejects a guard that fails" 1 \
  "$launcher" --expect-fail --every-test-fails --guard Queue.StartsEmpty --guard Queue.Pops \
  -- "$work/one_passes"
grep -q "the guard Queue.Pops fails" "$work/out" ||
  { echo "FAIL the failing guard was not named"; failures=$((failures + 1)); }
expect "--guard SUITE.* covers the suite" 1 \
  "$launcher" --expect-fail --every-test-fails --guard 'Queue.*' -- "$work/one_passes"
expect "--expect-fail rejects a passing run" 1 "$launcher" --expect-fail -- "$work/passing"
expect "--expect-fail accepts a crash (corrupted memory)" 0 "$launcher" --expect-fail -- "$work/crashing"
expect "--expect-fail rejects an exit that no test reported" 1 "$launcher" --expect-fail -- "$work/exiting"
expect "--expect-fail accepts a sanitizer's error report (corrupted memory)" 0 \
  "$launcher" --expect-fail -- "$work/tsan_error"
expect "--expect-fail passes on a run whose every test skipped itself (77)" 77 "$launcher" --expect-fail -- "$work/skipping"
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
# --chaos: RUNS runs with seeds 1, 2, ... until one fails; its seed is named for the replay.
# The "library" is only preloaded, so any shared object will do: the fake program reads the seed.
printf '#!/bin/sh
echo "seed $CONCLAB_CHAOS_SEED preload $LD_PRELOAD" >> "%s/seeds"
[ "$CONCLAB_CHAOS_SEED" != 3 ] || { echo "[  FAILED  ] Suite.Test"; exit 1; }
' \
  "$work" > "$work/fails_on_seed_3"
chmod +x "$work/fails_on_seed_3"
library=$(find /usr/lib /lib -name 'libm.so.6' 2> /dev/null | head -1)
expect "--chaos runs until a seed fails, and that run's status counts" 1 \
  env CONCLAB_CHAOS_PARALLEL=1 "$launcher" --chaos 5 --chaos-library "$library" -- "$work/fails_on_seed_3"
grep -q "run 3 of 5 failed with CONCLAB_CHAOS_SEED=3; replay it with: CONCLAB_CHAOS_SEED=3 LD_PRELOAD=$library" "$work/out" ||
  { echo "FAIL the failing seed and its replay were not named"; failures=$((failures + 1)); }
[ "$(wc -l < "$work/seeds")" -eq 3 ] && grep -q "seed 1 preload $library" "$work/seeds" ||
  { echo "FAIL --chaos did not run seeds 1..3 with the library preloaded"; failures=$((failures + 1)); }
rm -f "$work/seeds"
# Side by side (the default, two at a time), the result is the one of runs in seed order: a later
# seed that failed first does not hide an earlier one, each run writes its own GoogleTest report,
# and the failing run's becomes the report asked for.
printf '#!/bin/sh
report=${1#--gtest_output=json:}
echo "seed $CONCLAB_CHAOS_SEED" > "$report"
case $CONCLAB_CHAOS_SEED in
  2) sleep 1; echo "[  FAILED  ] Slow.Seed2"; exit 1 ;;
  3) echo "[  FAILED  ] Fast.Seed3"; exit 1 ;;
esac
echo "[  PASSED  ] 1 test."
' > "$work/fails_on_seeds_2_and_3"
chmod +x "$work/fails_on_seeds_2_and_3"
expect "--chaos side by side counts the first failing seed, not the first to fail" 1 \
  "$launcher" --chaos 6 --chaos-library "$library" -- "$work/fails_on_seeds_2_and_3" \
  "--gtest_output=json:$work/report.json"
grep -q "run 2 of 6 failed with CONCLAB_CHAOS_SEED=2" "$work/out" && ! grep -q "Seed3" "$work/out" ||
  { echo "FAIL side by side, seed 2's failure was not the one counted"; failures=$((failures + 1)); }
[ "$(cat "$work/report.json" 2> /dev/null)" = "seed 2" ] && ! ls "$work"/report.json.seed* > /dev/null 2>&1 ||
  { echo "FAIL the failing run's report was not the one kept"; failures=$((failures + 1)); }
expect "--chaos side by side passes when every run passes" 0 \
  "$launcher" --chaos 4 --chaos-library "$library" -- "$work/passing"
[ "$(grep -c "all good" "$work/out")" -eq 4 ] ||
  { echo "FAIL side by side, not every run was shown"; failures=$((failures + 1)); }
expect "--chaos passes when every seeded run passes" 0 \
  "$launcher" --chaos 2 --chaos-library "$library" -- "$work/fails_on_seed_3"
expect "--chaos with --expect-fail accepts the failing seed's run" 0 \
  "$launcher" --expect-fail --chaos 4 --chaos-library "$library" -- "$work/fails_on_seed_3"
expect "--chaos without a library is a usage error" 2 "$launcher" --chaos 2 -- "$work/passing"
expect "--chaos needs a whole number of runs" 2 \
  "$launcher" --chaos many --chaos-library "$library" -- "$work/passing"
expect "--chaos starts at CONCLAB_CHAOS_FIRST_SEED" 1 \
  env CONCLAB_CHAOS_FIRST_SEED=3 "$launcher" --chaos 2 --chaos-library "$library" -- "$work/fails_on_seed_3" arg
grep -q "run 1 of 2 failed with CONCLAB_CHAOS_SEED=3; replay it with: .* $work/fails_on_seed_3 arg\$" "$work/out" ||
  { echo "FAIL the replay command did not start at the first seed or lost the arguments"; failures=$((failures + 1)); }
expect "--chaos says when every run passed" 0 \
  "$launcher" --chaos 2 --chaos-library "$library" -- "$work/passing"
grep -q "all 2 runs passed (CONCLAB_CHAOS_SEED=1..2)" "$work/out" ||
  { echo "FAIL the passing chaos runs were not summed up"; failures=$((failures + 1)); }
printf '#!/bin/sh\necho "run $CONCLAB_CHAOS_SEED" >> "%s/skips"\nexit 77\n' "$work" > "$work/skipping"
chmod +x "$work/skipping"
expect "--chaos stops at a run that skipped itself and passes its 77 on" 77 \
  env CONCLAB_CHAOS_PARALLEL=1 "$launcher" --chaos 3 --chaos-library "$library" -- "$work/skipping"
[ "$(wc -l < "$work/skips")" -eq 1 ] ||
  { echo "FAIL --chaos went on after a skipped run"; failures=$((failures + 1)); }
grep -q "run 1 of 3 was skipped" "$work/out" && ! grep -q "failed with" "$work/out" ||
  { echo "FAIL a skipped chaos run was reported as a failure"; failures=$((failures + 1)); }

# CONCLAB_MACHINE_SHARE=shared: the run holds the shared claim (another shared claim may join,
# an exclusive one may not), its program does not inherit the descriptor, and it waits while
# someone holds the machine alone.
locks="$work/locks"
mkdir -p "$locks"
printf '#!/bin/sh
flock -n -s "%s/conclab-speedup.lock" true || { echo "shared claim refused"; exit 1; }
! flock -n -x "%s/conclab-speedup.lock" true || { echo "exclusive claim granted"; exit 1; }
! ls -l /proc/$$/fd | grep -q conclab-speedup.lock || { echo "claim inherited"; exit 1; }
[ -e "%s/released" ] || { echo "ran while the machine was held alone"; exit 1; }
echo "claimed"
' "$locks" "$locks" "$work" > "$work/checks_claim"
chmod +x "$work/checks_claim"
touch "$work/released"
expect "CONCLAB_MACHINE_SHARE=shared holds the shared claim for the run alone" 0 \
  env CONCLAB_MACHINE_SHARE=shared CONCLAB_MACHINE_LOCK_DIR="$locks" "$launcher" -- "$work/checks_claim"
rm -f "$work/released"
flock -x "$locks/conclab-speedup.lock" sh -c "sleep 1; touch '$work/released'" &
holder=$!
sleep 0.3  # the holder has the claim by now
expect "CONCLAB_MACHINE_SHARE=shared waits while the machine is held alone" 0 \
  env CONCLAB_MACHINE_SHARE=shared CONCLAB_MACHINE_LOCK_DIR="$locks" "$launcher" -- "$work/checks_claim"
wait "$holder"
expect "without CONCLAB_MACHINE_SHARE no claim is taken" 1 \
  env -u CONCLAB_MACHINE_SHARE CONCLAB_MACHINE_LOCK_DIR="$locks" "$launcher" -- "$work/checks_claim"
grep -q "shared claim refused\|exclusive claim granted" "$work/out" ||
  { echo "FAIL a run without CONCLAB_MACHINE_SHARE failed for another reason"; failures=$((failures + 1)); }
# A run-test started inside a claimed run (a test's own script calls it) takes no second claim.
printf '#!/bin/sh\necho "inside: $CONCLAB_MACHINE_SHARE"\n' > "$work/shows_share"
chmod +x "$work/shows_share"
expect "a run holding the claim tells the runs below it" 0 \
  env CONCLAB_MACHINE_SHARE=shared CONCLAB_MACHINE_LOCK_DIR="$locks" "$launcher" -- "$work/shows_share"
grep -q "inside: held" "$work/out" ||
  { echo "FAIL the run below did not see CONCLAB_MACHINE_SHARE=held"; failures=$((failures + 1)); }

echo "$failures failed"
[ "$failures" -eq 0 ]
