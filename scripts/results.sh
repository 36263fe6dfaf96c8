#!/usr/bin/env bash
# Regenerates every number in docs/results.md (about 30 minutes on 2 cores).
# Outputs go to outputs/results/ (git-ignored); docs/results.md quotes their findings.txt files.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product simrunner
sim() { "$(swift build -c release --show-bin-path)/simrunner" "$@"; }
out=outputs/results
mkdir -p "$out"

# 1. When does post-hoc correction stop working? (default world: engagement optimizer)
sim correct --seeds 32 --delays 0:400:20 --out "$out/correct-default" --force
# 2. The control: nothing irreversible, so recovery should stay near 1.
sim correct worlds/no-irreversibility.json --seeds 32 --delays 0:400:20 --out "$out/correct-control" --force
# 3. Policy what-if: the same correction with a relief budget to the most constrained.
sim correct --seeds 32 --delays 0:400:20 --set correction.reliefBudget=0.5 \
    --set correction.reliefTargeting=mostConstrained --out "$out/correct-relief" --force
# 4. Every world in the library side by side on common seeds.
sim compare default worlds/welfare-aware.json worlds/approval-sycophancy.json worlds/constructive.json \
    worlds/region-caps.json worlds/proxy-rules.json worlds/template-moderation.json \
    worlds/small-specification-gap.json worlds/large-specification-gap.json \
    worlds/early-correction-relief.json worlds/late-correction-relief.json worlds/no-irreversibility.json \
    --seeds 16 --out "$out/compare-library" --force
# 5. Thresholds out of reach alone: what else keeps harm after a late correction?
sim correct --set constraints.thresholdMean=1e9 --seeds 16 --delays 0:400:50 --out "$out/correct-thresholds-only" --force
