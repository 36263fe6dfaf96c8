#!/usr/bin/env bash
# Kills sweep, correct and compare with SIGKILL at random moments, many times each, resumes them
# with the same command, and checks every output file is byte for byte a clean run's: every unit
# exactly once, nothing lost or doubled, nothing left beside the output. Then kills `run --force`
# while it replaces an output and checks a complete output is in place after every kill.
# Usage: scripts/kill-test.sh [KILLS]   (default 25 per command; a few minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-25}
swift build -c release --product simrunner >/dev/null
sim="$(swift build -c release --show-bin-path)/simrunner"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
small=(--set agents=1500 --set steps=150 --set measurement.window=10)

# kill_resume NAME ARGS...: a clean run in $work/clean-NAME, then a run in $work/killed-NAME/out
# killed at random moments until it finishes, then resumed; outputs compared.
kill_resume() {
    local name=$1; shift
    mkdir -p "$work/clean-$name" "$work/killed-$name"
    (cd "$work/clean-$name" && "$sim" "$@" --out out -q)
    local k done=0
    for ((k = 1; k <= kills; k++)); do
        done=$k
        (cd "$work/killed-$name" && exec "$sim" "$@" --out out -q 2>/dev/null) &
        local pid=$!
        sleep "0.$((RANDOM % 90 + 5))"
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        [ -d "$work/killed-$name/out" ] && break
    done
    (cd "$work/killed-$name" && "$sim" "$@" --out out -q 2>/dev/null) || true
    local f
    for f in $(cd "$work/clean-$name/out" && ls -A); do
        cmp "$work/clean-$name/out/$f" "$work/killed-$name/out/$f"
    done
    local left
    left=$(cd "$work/killed-$name" && ls -A)
    [ "$left" = "out" ] || { echo "kill test: $name left: $left" >&2; exit 1; }
    echo "kill test: $name: $done kills; every file identical to the clean run's; nothing left beside it"
}

kill_resume sweep sweep --grid optimizer.specificationGap=0:1:10 --grid trust.lossRate=0.01,0.03 --seeds 3 --series "${small[@]}"
runs=$(tail -n +2 "$work/killed-sweep/out/runs.csv" | cut -d, -f1 | sort -n | uniq | wc -l)
rows=$(tail -n +2 "$work/killed-sweep/out/runs.csv" | wc -l)
[ "$runs" = "$rows" ] || { echo "kill test: sweep has $rows rows for $runs runs" >&2; exit 1; }
kill_resume correct correct --seeds 12 --delays 0:120:20 --bootstrap 200 "${small[@]}"
kill_resume compare compare default "$PWD/worlds/no-irreversibility.json" --seeds 12 --bootstrap 200 "${small[@]}"

# Replacing with --force: after every kill a complete output is at --out.
mkdir -p "$work/replace"
(cd "$work/replace" && "$sim" run --out out --force -q "${small[@]}")
cp -r "$work/replace/out" "$work/replace-clean"
for ((k = 1; k <= kills; k++)); do
    (cd "$work/replace" && exec "$sim" run --out out --force -q "${small[@]}" 2>/dev/null) &
    pid=$!
    sleep "0.$((RANDOM % 90 + 5))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for f in $(cd "$work/replace-clean" && ls -A); do cmp "$work/replace-clean/$f" "$work/replace/out/$f"; done
done
echo "kill test: run --force: $kills kills while replacing; a complete output at --out after each"
