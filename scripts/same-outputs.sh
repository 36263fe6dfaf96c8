#!/usr/bin/env bash
# Same numbers: runs two simrunner binaries on worlds and seeds outside the golden set and
# compares every CSV it writes byte for byte (manifest.json, which names the program version
# and the command line, is not compared). An optimization must print "same" for every run.
#
#   scripts/same-outputs.sh OLD_SIMRUNNER NEW_SIMRUNNER [WORKDIR]
#
# Each run is small (2,500 agents x 180 steps unless noted) so the whole list takes a few
# minutes on one core per binary (large-j2 has 20,000 agents: the agent loop prefetches from
# 16,384 on). Exit status 1 if any run differs.
set -euo pipefail
old=${1:?usage: same-outputs.sh OLD_SIMRUNNER NEW_SIMRUNNER [WORKDIR]}
new=${2:?usage: same-outputs.sh OLD_SIMRUNNER NEW_SIMRUNNER [WORKDIR]}
work=${3:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/.." && pwd)
small=(--set agents=2500 --set steps=180)

# name | command | world file or "-" for the default | extra arguments
runs=(
  "default-s7|run|-|--seed 7 --jobs 1"
  "default-s42-j2|run|-|--seed 42 --jobs 2"
  "ba|run|-|--seed 7 --set network.kind=barabasiAlbert"
  "er|run|-|--seed 42 --set network.kind=erdosRenyi --jobs 2"
  "sbm|run|-|--seed 7 --set network.kind=stochasticBlock"
  "region-noisy|run|worlds/region-caps.json|--seed 7 --set legibility.state=noisy"
  "proxy-rules|run|worlds/proxy-rules.json|--seed 42"
  "templates|run|worlds/template-moderation.json|--seed 7"
  "gate-learned|run|-|--seed 7 --set safeguards.gate.enabled=true --set legibility.footprint=learned"
  "gate-noisy-d0|run|-|--seed 42 --set safeguards.gate.enabled=true --set legibility.footprint=noisy --set safeguards.gate.delay=0"
  "constructive-3|run|worlds/constructive.json|--seed 7 --set topics=3"
  "welfare-aware|run|worlds/welfare-aware.json|--seed 42 --ledger 200"
  "approval|run|worlds/approval-sycophancy.json|--seed 7"
  "relief-early|run|worlds/early-correction-relief.json|--seed 7"
  "relief-late|run|worlds/late-correction-relief.json|--seed 42 --set steps=300 --set correction.reliefTargeting=mostConstrained"
  "no-irrev|run|worlds/no-irreversibility.json|--seed 7"
  "scars|run|-|--seed 7 --set trust.noiseAtZero=1 --set constraints.scarGain=[1,1,1,1] --set constraints.unlockFraction=[0.99,0.99,0.99,0.99]"
  "topics16|run|-|--seed 42 --set topics=16"
  "big-j2|run|-|--seed 7 --set agents=12000 --set steps=60 --jobs 2"
  "large-j2|run|-|--seed 42 --set agents=20000 --set steps=60 --jobs 2"
  "individual|run|-|--seed 7 --set optimizer.personalization=individual"
  "segments3|run|-|--seed 42 --set optimizer.segments=3"
  "correct-forks|correct|-|--seed 3 --seeds 2 --delays 0:150:50 --set agents=1500 --set steps=160 --jobs 2"
)

status=0
for spec in "${runs[@]}"; do
  IFS='|' read -r name command world extra <<<"$spec"
  args=()
  [[ $world != - ]] && args+=("$here/$world")
  # shellcheck disable=SC2206
  args+=("${small[@]}" $extra --quiet)
  for side in old new; do
    bin=$old; [[ $side == new ]] && bin=$new
    rm -rf "$work/$side/$name"
    "$bin" "$command" "${args[@]}" --out "$work/$side/$name" >/dev/null
  done
  differ=""
  while IFS= read -r f; do
    b=${f#"$work/old/$name/"}
        cmp -s "$f" "$work/new/$name/$b" || differ+=" $b"
  done < <(find "$work/old/$name" -type f -name '*.csv' | sort)
  if [[ -z $differ ]]; then echo "same     $name"; else echo "DIFFERENT $name:$differ"; status=1; fi
done
exit $status
