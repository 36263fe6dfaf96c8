#!/usr/bin/env bash
# Runs the Slurm recipe of docs/sweeps.md on a single-node Slurm: installs slurm-wlm and munge
# from the distribution (Debian/Ubuntu), configures this machine as the controller and the only
# compute node, submits the documented job array (on a tiny world), resubmits one task after
# removing its output to show the recovery step, merges the shards with the same binary and
# checks the merge equals the same sweep run in one process.
#
#   sudo scripts/slurm-smoke.sh            # builds simrunner in release mode first
#   sudo SIM=.build/release/simrunner scripts/slurm-smoke.sh
#
# NOT part of CI: it installs system packages and starts munged, slurmctld and slurmd (stopped
# again at the end). Run it on a scratch machine or container.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
[ "$(id -u)" -eq 0 ] || { echo "slurm-smoke: run as root (it installs and starts Slurm)" >&2; exit 1; }

if ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge
fi

if [ -z "${SIM:-}" ]; then
    swift build -c release
    SIM=$(swift build -c release --show-bin-path)/simrunner
fi
SIM=$(cd "$(dirname "$SIM")" && pwd)/$(basename "$SIM")

host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
conf_dir=/etc/slurm
[ -d /etc/slurm-llnl ] && [ ! -d /etc/slurm ] && conf_dir=/etc/slurm-llnl
mkdir -p "$conf_dir" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat > "$conf_dir/slurm.conf" <<CONF
ClusterName=smoke
SlurmctldHost=$host
AuthType=auth/munge
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

[ -f /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
chown -R munge:munge /etc/munge /run/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
# Daemons this script starts are stopped at the end by the pid each wrote (never by name: a
# machine that already runs Slurm keeps its own daemons).
started=()
if ! pgrep -x munged >/dev/null; then munged --force; started+=(/run/munge/munged.pid); fi
if ! pgrep -x slurmctld >/dev/null; then slurmctld; started+=(/run/slurmctld.pid); fi
if ! pgrep -x slurmd >/dev/null; then slurmd; started+=(/run/slurmd.pid); fi
cleanup() {
    # Daemons in reverse order of starting (slurmd, slurmctld, then munged which they need).
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do
        [ -f "${started[$i]}" ] && kill "$(cat "${started[$i]}")" 2>/dev/null || true
    done
    rm -rf "$work"
}
work=$(mktemp -d /tmp/slurm-smoke.XXXXXX)
trap cleanup EXIT
for _ in $(seq 1 30); do sinfo -h -o %T 2>/dev/null | grep -Eq "idle|mixed" && break; sleep 1; done
scontrol update nodename="$host" state=resume 2>/dev/null || true

cd "$work"
mkdir -p shards
design=(--grid optimizer.specificationGap=0:1:4 --seeds 2 --set agents=300 --set steps=40 --set measurement.window=5)
# The documented script, with the tiny design and 4 tasks.
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
"\$SIM" sweep ${design[*]} --jobs "\$SLURM_CPUS_PER_TASK" --shard "\$SLURM_ARRAY_TASK_ID/4" --out "shards/shard-\$SLURM_ARRAY_TASK_ID"
SCRIPT

wait_for() {  # job id
    for _ in $(seq 1 600); do
        squeue -h -j "$1" 2>/dev/null | grep -q . || return 0
        sleep 1
    done
    echo "slurm-smoke: job $1 did not finish in 10 minutes" >&2; return 1
}
job=$(sbatch --parsable sweep.sbatch)
wait_for "$job"
sacct -j "$job" --format=JobID,State -n 2>/dev/null || true
# The documented recovery: resubmit only the failed (here: removed) task indices.
rm -rf shards/shard-3
job2=$(sbatch --parsable --array=3 sweep.sbatch)
wait_for "$job2"
cat shards/log-3.txt

"$SIM" merge shards/shard-* --out outputs/merged --quiet
"$SIM" sweep "${design[@]}" --out outputs/whole --quiet
status=0
for f in runs.csv manifest.json columns.csv; do
    if cmp -s "outputs/merged/$f" "outputs/whole/$f"; then echo "slurm-smoke: $f identical"; else echo "slurm-smoke: $f DIFFERS" >&2; status=1; fi
done
[ $status -eq 0 ] && echo "slurm-smoke: ok: a Slurm job array of 4 shards merges to the bytes of one sweep ($repo)"
exit $status
