#!/usr/bin/env bash
# Runs the GNU parallel recipe of docs/sweeps.md for real on one machine: a small sweep split
# into shards run by GNU parallel, merged with `simrunner merge`, and checked byte for byte
# against the same sweep run in one process. Installs GNU parallel if it is missing.
#
#   scripts/parallel-smoke.sh                 # builds simrunner in release mode first
#   SIM=.build/debug/simrunner scripts/parallel-smoke.sh
#
# Not part of `swift test`: it installs a package and takes a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

if ! parallel --version 2>/dev/null | grep -q "GNU parallel"; then
    echo "parallel-smoke: GNU parallel not found; installing it"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    if command -v apt-get >/dev/null; then
        $sudo apt-get install -y parallel || { $sudo apt-get update && $sudo apt-get install -y parallel; }
    elif command -v dnf >/dev/null; then $sudo dnf install -y parallel
    elif command -v brew >/dev/null; then brew install parallel
    else echo "parallel-smoke: install GNU parallel and run again" >&2; exit 1
    fi
fi

if [ -z "${SIM:-}" ]; then
    swift build -c release
    SIM=$(swift build -c release --show-bin-path)/simrunner
fi
SIM=$(cd "$(dirname "$SIM")" && pwd)/$(basename "$SIM")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# The recipe of docs/sweeps.md ("GNU parallel on one machine"), on a tiny world.
design="--grid optimizer.specificationGap=0:1:4 --grid trust.lossRate=0.05,0.2 --seeds 3 --series \
    --set agents=300 --set steps=40 --set measurement.window=5"
seq 1 4 | parallel --will-cite --jobs 2 \
    "$SIM sweep $design --jobs 1 --shard {}/4 --out shards/shard-{} --quiet"
"$SIM" merge shards/shard-* --out outputs/merged --quiet

# The same sweep on one machine, in one process.
# shellcheck disable=SC2086
"$SIM" sweep $design --jobs 2 --out outputs/whole --quiet

status=0
for f in runs.csv series.csv manifest.json columns.csv; do
    if cmp -s "outputs/merged/$f" "outputs/whole/$f"; then
        echo "parallel-smoke: $f identical ($(wc -l < "outputs/whole/$f") lines)"
    else
        echo "parallel-smoke: $f DIFFERS between the merged shards and the one-machine sweep" >&2
        status=1
    fi
done
[ $status -eq 0 ] && echo "parallel-smoke: ok: 4 shards under GNU parallel merge to the bytes of one sweep ($repo)"
exit $status
