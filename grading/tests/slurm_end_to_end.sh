#!/usr/bin/env bash
# End-to-end check of `grade-class --slurm --submit` on a real one-node Slurm cluster started
# here (munged, slurmctld, slurmd from Debian's slurm-wlm and munge, in a temporary folder, no
# accounting): a class of two lab 08 submissions (the reference and the stubs) is graded
# through sbatch, and the gradebook the collect job writes must give the same scores as the
# one `grade-class` writes for the same class here. Needs root (the daemons); skips otherwise.
#   slurm_end_to_end.sh CONCLAB_BINARY REPO_ROOT
set -euo pipefail
conclab=$(readlink -f "$1")
root=$(readlink -f "$2")
export CONCLAB_ROOT="$root"
lab=08-pipes-and-ipc
files=(connection.cpp process_queue.cpp seed_examples.cpp)
fail() { echo "slurm_end_to_end: FAILED: $*" >&2; exit 1; }
skip() { echo "slurm_end_to_end: SKIPPED: $*"; exit 0; }

[ "$(id -u)" -eq 0 ] || skip "needs root to start munged, slurmctld and slurmd"
# Slurm is no student's need, so the plain bootstrap leaves it out; here it is installed.
"$root/grading/bootstrap.sh" --slurm > /dev/null || fail "could not install Slurm and munge"
for program in munged slurmctld slurmd sbatch squeue sinfo scancel flock; do
  command -v "$program" > /dev/null || skip "$program is not installed (Debian: slurm-wlm, munge)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/conclab-slurm.XXXXXX")
chmod 755 "$work"  # the sandbox's user must reach the node's copy of the course under it
daemons=()
stop_daemons() {
  for pid in "${daemons[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${daemons[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2> /dev/null || true
  done
}
# Every job of this private cluster, cancelled, before its daemons stop: a job's processes
# outlive slurmd.
cancel_jobs() {
  [ -f "${SLURM_CONF:-}" ] || return 0
  local jobs
  jobs=$(timeout 10 squeue -h -o %i 2> /dev/null || true)
  [ -n "$jobs" ] || return 0
  # shellcheck disable=SC2086  # one word per job id
  timeout 10 scancel --full --signal=KILL $jobs 2> /dev/null || true
  for _ in $(seq 30); do
    [ -z "$(timeout 10 squeue -h -o %i 2> /dev/null)" ] && return 0
    sleep 1
  done
}
# The processes running a program of, or working in, this test's folder (the jobs' graders).
processes_in_work() {
  local dir
  for dir in /proc/[0-9]*; do
    case "$(readlink "$dir/exe" 2> /dev/null)|$(readlink "$dir/cwd" 2> /dev/null)" in
      "$work"/* | *"|$work"/*) echo "${dir#/proc/}" ;;
    esac
  done
}
# Waits for them to end, at most 20 s, then kills those left, by their ids.
end_processes_in_work() {
  for _ in $(seq 20); do
    [ -z "$(processes_in_work)" ] && return 0
    sleep 1
  done
  for pid in $(processes_in_work); do kill -9 "$pid" 2> /dev/null || true; done
}
cleanup() {
  status=$?
  cancel_jobs
  if [ "$status" -ne 0 ] && [ -d "$work/log" ]; then
    for log in "$work"/log/* "$work"/out/slurm/*.log; do
      [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }
    done
  fi
  stop_daemons
  end_processes_in_work
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
mkdir -p "$work"/{munge,state,spool,log}

# waits until COMMAND succeeds, at most SECONDS: wait_for SECONDS WHAT COMMAND...
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" > /dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "waited ${seconds}s for $what"
    sleep 1
  done
}

echo "== a one-node cluster"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 755 "$work/munge" && chmod 400 "$work/munge/munge.key"  # clients reach the socket
munged --foreground --force --socket="$work/munge/munge.socket" \
  --key-file="$work/munge/munge.key" --pid-file="$work/munge/munged.pid" \
  --seed-file="$work/munge/munged.seed" --log-file="$work/log/munged.log" \
  > "$work/log/munged.out" 2>&1 &
daemons+=($!)
wait_for 20 "munged's socket" test -S "$work/munge/munge.socket"

node=$(hostname -s)
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" << CONF
ClusterName=conclabtest
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=grading Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i > "$work/log/slurmctld.out" 2>&1 &
daemons+=($!)
slurmd -D -N "$node" > "$work/log/slurmd.out" 2>&1 &
daemons+=($!)
node_idle() { [ "$(sinfo -h -n "$node" -o %t)" = idle ]; }
wait_for 60 "the node to be idle" node_idle
echo "ok: $node is idle"

echo "== a class of two, graded through sbatch"
class="$work/class"
mkdir -p "$class/alice" "$class/bob"
for file in "${files[@]}"; do
  cp "$root/solutions/$lab/$file" "$class/alice/"
  cp "$root/labs/$lab/$file" "$class/bob/"
done
started=$SECONDS
CONCLAB_NODE_ROOT="$work/nodes" "$conclab" grade-class "$class" --out "$work/out" --lab 08 \
  --slurm --submit | tee "$work/submit.log"
collect=$(sed -n 's/.*collect job \([0-9]*\).*/\1/p' "$work/submit.log")
[ -n "$collect" ] || fail "no collect job id in what grade-class printed"
job_done() { [ -z "$(squeue -h -j "$collect" 2> /dev/null)" ]; }
wait_for 1800 "the collect job $collect" job_done
echo "ok: graded through Slurm in $((SECONDS - started)) s"
[ -f "$work/out/gradebook.csv" ] || fail "the collect job wrote no gradebook"
for student in alice bob; do
  for file in grade.json grade.txt grade.html grade.log; do
    [ -f "$work/out/$student/$file" ] || fail "no $student/$file"
  done
done

echo "== the same class graded by grade-class here"
started=$SECONDS
"$conclab" grade-class "$class" --out "$work/here" --lab 08 --jobs 1 > "$work/here.log" 2>&1 ||
  { cat "$work/here.log"; fail "grade-class failed"; }
echo "ok: graded here in $((SECONDS - started)) s"

# The gradebook without its graded_at column (when, not what).
scores() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "graded_at") skip = i }
           { line = ""; for (i = 1; i <= NF; i++) if (i != skip) line = line $i ","; print line }' \
    "$1" | tr -d '\r'
}
if ! diff <(scores "$work/here/gradebook.csv") <(scores "$work/out/gradebook.csv"); then
  fail "the gradebooks differ (left: grade-class here, right: through Slurm)"
fi
grep -q '^alice,100' <(scores "$work/out/gradebook.csv") || fail "the reference did not get 100"
echo "ok: the gradebooks agree: $(scores "$work/out/gradebook.csv" | cut -d, -f1,2 | tail -n +2 | tr '\n' ' ')"

echo "== a second --slurm run finds nothing left to grade"
"$conclab" grade-class "$class" --out "$work/out" --lab 08 --slurm > "$work/again.log"
grep -q "already has a final grade" "$work/again.log" || { cat "$work/again.log"; fail "it would grade again"; }
echo "ok: nothing submitted twice"
