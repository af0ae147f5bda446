#!/usr/bin/env bash
# End-to-end checks of the grader as instructors use it, on lab 08 (the quickest to grade of
# the labs with processes, pipes and a class's worth of kinds):
#  1. the Gradescope bundle: `conclab gradescope` writes a zip whose run_autograder grades a flat
#     upload into results.json (with the fields Gradescope reads) and gives the reference full marks;
#  2. a class batch killed with -9 half way: nothing of it keeps running, and a second run skips
#     what was graded, grades the rest, and its gradebook has each student once;
#  3. a class batch interrupted (Ctrl-C) while a test runs: that grading leaves no grade (a test
#     stopped half-way is no verdict), and the batch says what is left and exits with 130.
#   grader_end_to_end.sh CONCLAB_BINARY REPO_ROOT
set -euo pipefail
conclab=$(readlink -f "$1")
root=$(readlink -f "$2")
export CONCLAB_ROOT="$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/conclab-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
lab=08-pipes-and-ipc
lab_id=08
files=(connection.cpp process_queue.cpp seed_examples.cpp)
fail() { echo "grader_end_to_end: FAILED: $*" >&2; exit 1; }

flat_upload() {  # flat_upload DIR FROM: the lab's student files, as Gradescope delivers them
  mkdir -p "$1"
  for file in "${files[@]}"; do cp "$2/$file" "$1/"; done
}

echo "== Gradescope bundle"
"$conclab" gradescope "$lab_id" --out "$work/autograder.zip"
mkdir -p "$work/gs/source" "$work/gs/results"
unzip -q "$work/autograder.zip" -d "$work/gs/source"
[ -x "$work/gs/source/setup.sh" ] && [ -x "$work/gs/source/run_autograder" ] ||
  fail "the bundle lacks an executable setup.sh or run_autograder"
flat_upload "$work/gs/submission" "$root/solutions/$lab"
# The bundle's own script, run against this checkout's build (setup.sh would build a copy).
AUTOGRADER_ROOT="$work/gs" CONCLAB_SOURCE="$root" "$work/gs/source/run_autograder" > "$work/gs.log" 2>&1 ||
  { cat "$work/gs.log"; fail "run_autograder failed"; }
results="$work/gs/results/results.json"
[ -f "$results" ] || fail "no results.json"
for field in '"score"' '"execution_time"' '"output"' '"tests"' '"max_score"' '"status"' '"name"' '"visibility"'; do
  grep -q "$field" "$results" || fail "results.json has no $field field"
done
grep -qE '^  "score": 100(\.0)?,?$' "$results" || { head -5 "$results"; fail "the reference did not get 100"; }
echo "ok: results.json has Gradescope's fields and the reference scored 100"

echo "== a class batch killed with -9, then resumed"
class="$work/class"
flat_upload "$class/alice" "$root/solutions/$lab"
flat_upload "$class/bob" "$root/labs/$lab"
flat_upload "$class/carol" "$root/solutions/$lab"
echo "this does not compile" >> "$class/carol/${files[0]}"
flat_upload "$work/dave" "$root/solutions/$lab"
tar -czf "$class/dave.tar.gz" -C "$work/dave" .
out="$work/out"
"$conclab" grade-class "$class" --jobs 2 --out "$out" --lab "$lab_id" > "$work/first.log" 2>&1 &
batch=$!
# Every process the batch has started (its gradings, their sandboxes and the tests in them),
# taken just before the kill: other gradings may run on this machine meanwhile (the self-test
# runs this script beside its corpus), so the check looks at this batch's processes only.
processes_below_batch() {
  ps -eo pid=,ppid= | awk -v root="$batch" '
    { parent[$1] = $2 }
    END { for (pid in parent) { up = parent[pid]
            while (up != root && up in parent && up > 1) up = parent[up]
            if (up == root) print pid } }'
}
# The kill comes once one submission is graded and while the batch is running something (a
# build, a test): on a busy machine its gradings may all be waiting for the machine, in
# process, for a while.
below_batch=""
for _ in $(seq 1500); do
  kill -0 "$batch" 2> /dev/null || break
  if [ -n "$(find "$out" -name grade.json 2> /dev/null)" ]; then
    below_batch=$(processes_below_batch)
    [ -n "$below_batch" ] && break
  fi
  sleep 0.2
done
kill -9 "$batch" 2> /dev/null || true
wait "$batch" 2> /dev/null || true
sleep 2
left=""
for pid in $below_batch; do
  # The state follows the command's name in parentheses; a zombie (Z) runs nothing.
  state=$(sed 's/.*) //' "/proc/$pid/stat" 2> /dev/null | cut -d' ' -f1 || true)
  # One that ends in between left nothing (and, read in a condition, stops nothing).
  if [ -n "$state" ] && [ "$state" != Z ] &&
    cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null); then
    left+="$pid $cmdline"$'\n'
  fi
done
if [ -n "$left" ]; then
  echo "$left" >&2
  fail "the killed batch left processes running"
fi
[ -n "$below_batch" ] || fail "the batch had started no process when it was killed"
first=$(find "$out" -name grade.json | wc -l)
# A provisional grade (a kind not measured on a busy machine) is graded again: not skipped.
final=0
while IFS= read -r stored; do
  grep -q '"provisional": true' "$stored" || final=$((final + 1))
done < <(find "$out" -name grade.json)
echo "killed with $first of 4 graded ($final of them final); none of its $(wc -w <<< "$below_batch") processes is left"
"$conclab" grade-class "$class" --jobs 2 --out "$out" --lab "$lab_id" > "$work/second.log" 2>&1 ||
  { cat "$work/second.log"; fail "the resumed batch failed"; }
grep -q "($final already graded)" "$work/second.log" ||
  { cat "$work/second.log"; fail "the resumed batch did not skip the $final graded"; }
book="$out/gradebook.csv"
[ "$(wc -l < "$book")" -eq 5 ] || { cat "$book"; fail "gradebook.csv should have a header and 4 rows"; }
for student in alice bob carol dave; do
  [ "$(grep -c "^$student," "$book")" -eq 1 ] || fail "$student is not in the gradebook exactly once"
done
grep -qE '^alice,100(\.0+)?,100' "$book" || { cat "$book"; fail "alice (the reference) did not get 100"; }
grep -qE '^dave,100(\.0+)?,100' "$book" || { cat "$book"; fail "dave (the reference, as .tar.gz) did not get 100"; }
grep -qE '^carol,0(\.0+)?,100' "$book" || { cat "$book"; fail "carol (does not compile) did not get 0"; }
[ -f "$out/summary.html" ] || fail "no summary.html"
echo "ok: resumed after kill -9, every student graded once"

echo "== a class batch interrupted while a test runs"
class="$work/class-interrupted"
flat_upload "$class/erin" "$root/solutions/$lab"
out="$work/out-interrupted"
"$conclab" grade-class "$class" --jobs 1 --out "$out" --lab "$lab_id" > "$work/third.log" 2>&1 &
batch=$!
for _ in $(seq 600); do
  grep -q "lab $lab_id: correctness" "$out/erin/grade.log" 2> /dev/null && break
  sleep 0.1
done
kill -INT "$batch"
status=0
wait "$batch" || status=$?
[ "$status" -eq 130 ] || { cat "$work/third.log"; fail "an interrupted batch exited with $status, not 130"; }
[ ! -f "$out/erin/grade.json" ] || fail "an interrupted grading left a grade: $(cat "$out/erin/grade.txt")"
grep -q "interrupted: 1 not graded yet" "$work/third.log" ||
  { cat "$work/third.log"; fail "the interrupted batch did not say what is left"; }
echo "ok: an interrupted grading leaves no grade, and the batch says so"
