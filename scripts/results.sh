#!/usr/bin/env bash
# Regenerates every number in docs/results.md. Sizes are kept modest so the whole script runs in
# about an hour on 2 shared cores: 2,000 agents and seeds 1-8 unless a line says otherwise (the
# population-size section also runs 10,000 and 50,000 agents). Outputs go to outputs/results/
# (git-ignored); docs/results.md quotes their findings.txt, ablation.csv and delays.csv.
# Every command resumes after a kill (run the script again) and gives the same bytes for any --jobs.
# Usage: bash scripts/results.sh [SECTION...]   (sections: ablate correct networks scale safeguards capability;
# default: all of them, in that order)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product simrunner
bin="$(swift build -c release --show-bin-path)/simrunner"
sim() { nice "$bin" "$@" --jobs 2 --quiet; }
out=outputs/results
mkdir -p "$out"
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(ablate correct networks scale safeguards capability)
want() { local s; for s in "${sections[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
small=(--set agents=2000 --seeds 8)

if want ablate; then
    # Section 1. Attribution: every mechanism of docs/mechanisms.md switched off in turn in the
    # default world (Watts-Strogatz), with R(d) at delays 0, 100, 200, 300, 400 and the
    # interpolated d*. About 300 (world, seed) units of 5 runs each.
    sim ablate "${small[@]}" --delays 0:400:100 --out "$out/ablate-default" --force
fi

if want correct; then
    # Section 2. The correction experiment on the same world (d* refined by bisection), and the
    # control world where nothing is irreversible.
    sim correct "${small[@]}" --delays 0:400:50 --out "$out/correct-default" --force
    sim correct worlds/no-irreversibility.json "${small[@]}" --delays 0:400:50 --out "$out/correct-control" --force
fi

if want networks; then
    # Section 4. The headline results on the other three network kinds: the correction experiment,
    # and the ablation of the mechanisms of irreversibility, exit and the specification gap.
    subset=floor,hysteresis,lock-release,locked-decay,saturation,scarring,spillover,threshold-contagion,exit,re-entry,frame-spread,specification-gap
    for kind in barabasiAlbert erdosRenyi stochasticBlock; do
        sim correct "${small[@]}" --set network.kind=$kind --delays 0:400:50 --out "$out/correct-$kind" --force
    done
    for kind in barabasiAlbert erdosRenyi stochasticBlock; do
        sim ablate "${small[@]}" --set network.kind=$kind --mechanisms $subset --delays none --out "$out/ablate-$kind" --force
    done
fi

if want scale; then
    # Section 3. R(d) and d* against the population size (2,000 is correct-default above).
    sim correct --set agents=10000 --seeds 8 --delays 0:400:50 --out "$out/correct-n10000" --force
    # 50,000 agents: 2 seeds and a grid around the crossing only (no bisection), to stay modest.
    sim correct --set agents=50000 --seeds 2 --delays 200,250,300,350 --resolution 0 --out "$out/correct-n50000" --force
fi

if want safeguards; then
    # Section 1 (safeguards): does feedback corruption explain how the rule safeguard fares?
    sim ablate worlds/proxy-rules.json "${small[@]}" --mechanisms proxy-rules,missing-feedback,noisy-feedback,inverted-feedback \
        --delays none --out "$out/ablate-proxy-rules" --force
fi

if want capability; then
    # Section 7. Does a more capable engagement optimizer do more harm, sooner? One axis at a
    # time from the default world: personalization granularity (segments x personalization),
    # learning speed (forgetting rate; prior weight), catalogue breadth. For each, the
    # correction experiment per point (R(d) and d* on the delay grid) and the uncorrected runs
    # with their series (for the time until welfare falls below 0.5); scripts/capability.py
    # pairs the levels on seeds (common random numbers) against the default level.
    cap=(--set agents=2000 --set optimizer.individualPrior=10 --seeds 8)
    axes=(
        "granularity|--grid optimizer.segments=1,2,4,8 --grid optimizer.personalization=segment,individual"
        "learning|--grid optimizer.learningRate=0.02,0.05,0.1,0.2,0.5"
        "prior|--grid optimizer.priorWeight=0.1,1,10"
        "catalogue|--grid catalogue.items=50,100,200,400,800"
    )
    for axis in "${axes[@]}"; do
        name=${axis%%|*}
        read -r -a grid <<< "${axis#*|}"
        sim sweep "${cap[@]}" "${grid[@]}" --series --out "$out/capability-$name-runs" --force
        sim sweep --experiment correct "${cap[@]}" "${grid[@]}" --delays 0:450:50 --out "$out/capability-$name-correct" --force
    done
    python3 scripts/capability.py "$out" > "$out/capability.md"
fi
