#!/usr/bin/env bash
# Regenerates the paired effects quoted in docs/model.md ("Why the defaults are what they
# are"): each mechanism of irreversibility, exit and feedback corruption switched off in the
# default world at 2,000 agents, 8 seeds, common random numbers (about 10 minutes on 2 cores),
# and the population-size check (2,000 against 10,000 and 50,000 agents).
# Outputs go to outputs/model-liveness/ (git-ignored); each compare writes findings.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product simrunner
bin="$(swift build -c release --show-bin-path)/simrunner"
out=outputs/model-liveness
mkdir -p "$out/worlds"
"$bin" world --set agents=2000 --set name=base > "$out/worlds/base.json"
while read -r name setting; do
    "$bin" world --set agents=2000 --set "$setting" --set "name=$name" > "$out/worlds/$name.json"
    "$bin" compare "$out/worlds/base.json" "$out/worlds/$name.json" --seeds 8 --out "$out/$name" --force --quiet
done <<'SWITCHES'
no-floor constraints.floorFraction=0
no-hysteresis constraints.unlockFraction=1
permanent-locks constraints.unlockFraction=0
no-scarring constraints.scarGain=0
no-locked-decay constraints.lockedDecay=0
no-saturation constraints.capacity=1e12
no-locked-spillover constraints.lockedSpillover=0
no-spillover constraints.spillover=0
no-exit trust.exitLevel=0
no-reentry trust.reentryLevel=1
no-missing-feedback trust.missingAtZero=0
no-inverted-feedback trust.inversionAtZero=0
no-noisy-feedback trust.noiseAtZero=0
no-feedback-corruption trust.feedbackLevel=0
SWITCHES
# Population size: the same world at 2,000, 10,000 and 50,000 agents (not paired: the
# networks differ), then the correction experiment at 2,000 and 10,000.
for n in 2000 10000 50000; do "$bin" world --set agents=$n --set name=n$n > "$out/worlds/n$n.json"; done
"$bin" compare "$out/worlds/n2000.json" "$out/worlds/n10000.json" --seeds 8 --out "$out/scale-10000" --force --quiet
"$bin" compare "$out/worlds/n2000.json" "$out/worlds/n50000.json" --seeds 4 --out "$out/scale-50000" --force --quiet
"$bin" correct "$out/worlds/n2000.json" --seeds 8 --delays 0:300:50 --out "$out/correct-2000" --force --quiet
"$bin" correct "$out/worlds/n10000.json" --seeds 8 --delays 0:300:50 --out "$out/correct-10000" --force --quiet
