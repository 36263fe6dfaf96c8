#!/usr/bin/env bash
# Kills a sweep with SIGKILL at random moments, many times, resumes it, and checks the result is
# byte for byte a clean sweep's: every run exactly once, nothing lost or doubled.
# Usage: scripts/kill-test.sh [KILLS]   (default 25; about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-25}
swift build -c release --product simrunner >/dev/null
sim="$(swift build -c release --show-bin-path)/simrunner"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(sweep --grid optimizer.specificationGap=0:1:10 --grid trust.lossRate=0.01,0.03 --seeds 3 --series -q
      --set agents=1500 --set steps=150 --set measurement.window=10)
"$sim" "${args[@]}" --out "$work/clean"
for ((k = 1; k <= kills; k++)); do
    "$sim" "${args[@]}" --out "$work/killed" &
    pid=$!
    sleep "0.$((RANDOM % 90 + 5))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -f "$work/killed/runs.csv" ] && break
done
"$sim" "${args[@]}" --out "$work/killed" 2>/dev/null || true
for f in runs.csv series.csv manifest.json; do
    cmp "$work/clean/$f" "$work/killed/$f"
done
runs=$(tail -n +2 "$work/killed/runs.csv" | cut -d, -f1 | sort -n | uniq | wc -l)
rows=$(tail -n +2 "$work/killed/runs.csv" | wc -l)
echo "kill test: $k kills, $rows rows, $runs distinct runs; identical to the clean sweep"
