#!/usr/bin/env bash
# Proves that chaos scheduling finds a bug that plain runs miss:
#   prove_chaos_finds.sh PROGRAM CHAOS_LIBRARY
# PROGRAM exits 1 when its bug showed. The plain runs must hide it: at most one of PLAIN_RUNS
# may show it (a thread descheduled at the wrong moment, as a virtual machine's host does now
# and then), else the program is too easy to prove anything. The runs with
# CONCLAB_CHAOS_SEED=1..CHAOS_RUNS must show it, at least once, and, when a plain run did, four
# times as often as the plain runs did (chaos finds it, and not by the same luck). The first
# failing seed is then replayed REPLAYS times; how often it fails again is reported, not judged: a seed
# replays the same decisions, but the operating system still has its say. With EVERY_SEED=1,
# every chaos run must fail (a proof that the chaos finds the bug reliably, not now and then).
set -u
if [ $# -ne 2 ]; then
  echo "usage: prove_chaos_finds.sh PROGRAM CHAOS_LIBRARY" >&2
  exit 2
fi
program=$1
library=$2
plain_runs=${PLAIN_RUNS:-30}
chaos_runs=${CHAOS_RUNS:-40}
replays=${REPLAYS:-5}
name=$(basename "$program")
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

plain_failures=0
for ((run = 1; run <= plain_runs; run++)); do
  if ! "$program" 2> "$errors"; then
    plain_failures=$((plain_failures + 1))
    echo "$name: plain run $run of $plain_runs showed the bug:"
    sed 's/^/  /' "$errors"
    if [ "$plain_failures" -gt 1 ]; then
      echo "FAIL: $name failed in $plain_failures plain runs: the bug is not hidden enough to prove anything"
      exit 1
    fi
  fi
done
echo "$name: $((plain_runs - plain_failures)) of $plain_runs plain runs passed (the bug hid)"

found=0
first_seed=""
for ((seed = 1; seed <= chaos_runs; seed++)); do
  if ! CONCLAB_CHAOS_SEED=$seed LD_PRELOAD=$library "$program" 2> "$errors"; then
    found=$((found + 1))
    if [ -z "$first_seed" ]; then
      first_seed=$seed
      grep -v '^conclab chaos:' "$errors" | sed 's/^/  /'
    fi
  fi
done
if [ "$found" -eq 0 ]; then
  echo "FAIL: no seed of 1..$chaos_runs made $name fail: chaos scheduling did not find the bug"
  exit 1
fi
if ((found * plain_runs < 4 * plain_failures * chaos_runs)); then
  echo "FAIL: $found of $chaos_runs chaos runs made $name fail, not four times as often as" \
       "the plain runs ($plain_failures of $plain_runs): chaos scheduling is no better than luck"
  exit 1
fi
if [ "${EVERY_SEED:-0}" = 1 ] && [ "$found" -ne "$chaos_runs" ]; then
  echo "FAIL: only $found of $chaos_runs chaos runs made $name fail; with EVERY_SEED=1 every one must"
  exit 1
fi
echo "$name: $found of $chaos_runs chaos runs failed; the first was CONCLAB_CHAOS_SEED=$first_seed"

again=0
for ((run = 1; run <= replays; run++)); do
  if ! CONCLAB_CHAOS_SEED=$first_seed LD_PRELOAD=$library "$program" 2> /dev/null; then
    again=$((again + 1))
  fi
done
if [ "$replays" -gt 0 ]; then
  echo "$name: replaying CONCLAB_CHAOS_SEED=$first_seed failed $again of $replays times"
fi
