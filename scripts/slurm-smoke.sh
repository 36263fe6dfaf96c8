#!/usr/bin/env bash
# Runs the Slurm recipe of docs/sweeps.md on a real single-node Slurm and checks that the merged
# shards are byte for byte the same sweep run in one process.
#
# Setup it does (Debian/Ubuntu, as root; NOT part of CI: it installs system packages and starts
# daemons, so run it on a scratch machine or container):
#   1. apt-get install slurm-wlm munge (if sbatch or munged is missing);
#   2. writes /etc/slurm/slurm.conf for this host as controller and only compute node
#      (NodeName with its CPUs and memory, proctrack/linuxproc, no cgroups, no accounting), unless a
#      slurm.conf is there already: then it is used as it is if Slurm answers, else the script stops;
#   3. uses the munge key the package generated (creates one if missing) and starts munged,
#      slurmctld and slurmd if they are not running (and stops only those, by pid, at the end).
# Then, in a scratch directory, with a tiny design (300 agents, 40 steps, 8 runs):
#   4. submits the documented job array (4 tasks, --cpus-per-task=1, --mem=500M) held, cancels
#      task 4 (a failed task), releases the others and waits;
#   5. finds the failed tasks as the docs say (the shard indices with no finished directory),
#      resubmits only those with the same script (sbatch --array=LIST) and waits;
#   6. merges with the same binary as a Slurm job (sbatch --wrap, as documented) and compares
#      runs.csv, columns.csv and manifest.json with the same sweep run in one process.
#
#   sudo scripts/slurm-smoke.sh                                   # builds simrunner in release mode
#   sudo SIM=$(swift build -c release --show-bin-path)/simrunner scripts/slurm-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
[ "$(id -u)" -eq 0 ] || { echo "slurm-smoke: run as root (it installs and starts Slurm)" >&2; exit 1; }

if ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge
fi

if [ -z "${SIM:-}" ]; then
    swift build -c release --product simrunner
    SIM=$(swift build -c release --show-bin-path)/simrunner
fi
SIM=$(cd "$(dirname "$SIM")" && pwd)/$(basename "$SIM")
[ -x "$SIM" ] || { echo "slurm-smoke: no simrunner binary at $SIM" >&2; exit 1; }

host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
conf_dir=/etc/slurm
[ -d /etc/slurm-llnl ] && [ ! -d /etc/slurm ] && conf_dir=/etc/slurm-llnl
marker="# written by SocialSim scripts/slurm-smoke.sh"
if [ -f "$conf_dir/slurm.conf" ] && ! grep -qF "$marker" "$conf_dir/slurm.conf"; then
    # Somebody's own cluster configuration: never replaced. Use it if Slurm is up.
    sinfo -h >/dev/null 2>&1 || { echo "slurm-smoke: $conf_dir/slurm.conf is not ours and Slurm does not answer; not touching it" >&2; exit 1; }
    echo "slurm-smoke: using the running cluster of $conf_dir/slurm.conf"
else
    mkdir -p "$conf_dir" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
    cat > "$conf_dir/slurm.conf" <<CONF
$marker
ClusterName=smoke
SlurmctldHost=$host
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmUser=root
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
fi

mkdir -p /run/munge
[ -f /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
chown -R munge:munge /etc/munge /run/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key

# Daemons this script starts are stopped at the end by the pid each wrote (never by name: a
# machine that already runs Slurm keeps its own daemons).
started=()
work=$(mktemp -d /tmp/slurm-smoke.XXXXXX)
cleanup() {
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do
        [ -f "${started[$i]}" ] && kill "$(cat "${started[$i]}")" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
if ! pgrep -x munged >/dev/null; then munged --force; started+=(/run/munge/munged.pid); fi
if ! pgrep -x slurmctld >/dev/null; then slurmctld; started+=(/run/slurmctld.pid); fi
if ! pgrep -x slurmd >/dev/null; then slurmd; started+=(/run/slurmd.pid); fi
for _ in $(seq 1 60); do sinfo -h -o %T 2>/dev/null | grep -Eq "idle|mixed|allocated" && break; sleep 1; done
scontrol update nodename="$host" state=resume 2>/dev/null || true
sinfo

cd "$work"
mkdir -p shards   # Slurm opens the log files before the script runs
design=(--grid optimizer.specificationGap=0:1:4 --seeds 2 --set agents=300 --set steps=40 --set measurement.window=5)
# The documented script (docs/sweeps.md, "Slurm job array"), with the tiny design and 4 tasks.
cat > sweep.sbatch <<SCRIPT
#!/bin/bash
#SBATCH --job-name=socialsim-smoke
#SBATCH --array=1-4
#SBATCH --cpus-per-task=1
#SBATCH --mem=500M
#SBATCH --time=00:10:00
#SBATCH --output=shards/log-%a.txt
set -euo pipefail
SIM=\${SIM:-$SIM}
"\$SIM" sweep ${design[*]} \\
    --jobs "\$SLURM_CPUS_PER_TASK" --shard "\$SLURM_ARRAY_TASK_ID/4" \\
    --out "shards/shard-\$SLURM_ARRAY_TASK_ID"
SCRIPT

wait_for() {  # job id: until none of its tasks is pending or running
    for _ in $(seq 1 600); do
        squeue -h -j "$1" 2>/dev/null | grep -q . || return 0
        sleep 1
    done
    echo "slurm-smoke: job $1 did not finish in 10 minutes" >&2; return 1
}

# A failed task, made deterministic: the array is submitted held, task 4 is cancelled before it
# can start, then the others are released.
job=$(sbatch --parsable --hold sweep.sbatch)
scancel "${job}_4"
scontrol release "$job"
wait_for "$job"
echo "slurm-smoke: array $job done; logs:"; for f in shards/log-*.txt; do echo "== $f"; cat "$f"; done

# The documented recovery: the tasks whose shard directory is missing, resubmitted alone.
failed=$(for i in $(seq 1 4); do [ -f "shards/shard-$i/manifest.json" ] || echo "$i"; done | paste -sd, -)
echo "slurm-smoke: failed tasks: ${failed:-none}"
[ "$failed" = "4" ] || { echo "slurm-smoke: expected task 4 to be the failed one, got '$failed'" >&2; exit 1; }
job2=$(sbatch --parsable --array="$failed" sweep.sbatch)
wait_for "$job2"
cat shards/log-4.txt

# The merge, with the same binary, as a Slurm job.
merge=$(sbatch --parsable --output=merge.log --wrap "$SIM merge shards/shard-* --out outputs/merged")
wait_for "$merge"
cat merge.log
"$SIM" sweep "${design[@]}" --out outputs/whole --quiet
status=0
for f in runs.csv columns.csv manifest.json; do
    if cmp -s "outputs/merged/$f" "outputs/whole/$f"; then echo "slurm-smoke: $f identical"; else echo "slurm-smoke: $f DIFFERS" >&2; status=1; fi
done
[ $status -eq 0 ] && echo "slurm-smoke: ok: a Slurm job array of 4 shards (one failed and resubmitted) merges to the bytes of one sweep ($repo)"
exit $status
