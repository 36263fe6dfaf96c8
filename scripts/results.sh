#!/usr/bin/env bash
# Regenerates every number in docs/results.md. Sizes are kept modest so the whole script runs in
# about an hour on 2 shared cores: 2,000 agents and seeds 1-8 unless a line says otherwise (the
# population-size section also runs 10,000 and 50,000 agents). Outputs go to outputs/results/
# (git-ignored); docs/results.md quotes their findings.txt, ablation.csv and delays.csv.
# Every command resumes after a kill (run the script again) and gives the same bytes for any --jobs.
# Usage: bash scripts/results.sh [SECTION...]   (sections: ablate correct networks scale safeguards capability
# open-questions hypotheses sensitivity; default: all of them, in that order)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product simrunner
bin="$(swift build -c release --show-bin-path)/simrunner"
sim() { nice "$bin" "$@" --jobs 2 --quiet; }
out=outputs/results
mkdir -p "$out"
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(ablate correct networks scale safeguards capability open-questions hypotheses sensitivity)
want() { local s; for s in "${sections[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
small=(--set agents=2000 --seeds 8)

if want ablate; then
    # Section 1. Attribution: every mechanism of docs/mechanisms.md switched off in turn in the
    # default world (Watts-Strogatz), with R(d) at delays 0, 100, 200, 300, 400 and the
    # interpolated d*. About 300 (world, seed) units of 5 runs each.
    sim ablate "${small[@]}" --delays 0:400:100 --out "$out/ablate-default" --force
    # Is the cascade contagion? Lock clustering at the first cascade against its degree-preserving
    # null, with each network channel switched off (section 1, "Is the lock cascade contagion?").
    sim ablate "${small[@]}" --delays none --mechanisms threshold-contagion,frame-spread,spillover,locked-spillover \
        --out "$out/ablate-cascade" --force
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
    # with their series (for the time until welfare falls below 0.5); `simrunner paired` pairs the
    # levels on seeds (common random numbers) against the axis's default level.
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
    # The learning speed of the individual offsets themselves (individual personalization on).
    ind=(--set agents=2000 --seeds 8 --set optimizer.personalization=individual --grid optimizer.individualPrior=1,3,10,30,100)
    sim sweep "${ind[@]}" --series --out "$out/capability-individual-runs" --force
    sim sweep --experiment correct "${ind[@]}" --delays 0:450:50 --out "$out/capability-individual-correct" --force
    # Is exit what makes the coarse optimizer look mild? Granularity again with exit switched off.
    sim sweep "${cap[@]}" --set trust.exitLevel=0 --grid optimizer.segments=1,2,4,8 --series \
        --out "$out/capability-noexit-runs" --force
    # Each axis against its default level: the uncorrected runs' measures (with the mean proxy
    # reward over all steps, welfare at step 100 and the first step welfare is below 0.5, from the
    # series) and the correction sweep's stake, R(d) and d*.
    series=(--series-mean proxy_reward --series-at welfare@100 --series-below welfare@0.5)
    pairs=(
        "granularity|--against optimizer.segments=8 --against optimizer.personalization=segment"
        "learning|--against optimizer.learningRate=0.1"
        "prior|--against optimizer.priorWeight=1"
        "catalogue|--against catalogue.items=200"
        "individual|--against optimizer.individualPrior=10"
        "noexit|--against optimizer.segments=8"
    )
    for pair in "${pairs[@]}"; do
        name=${pair%%|*}
        read -r -a against <<< "${pair#*|}"
        "$bin" paired "$out/capability-$name-runs" "${against[@]}" "${series[@]}" > "$out/capability-$name-paired.csv"
        if [ -d "$out/capability-$name-correct" ]; then
            "$bin" paired "$out/capability-$name-correct" "${against[@]}" > "$out/capability-$name-paired-correct.csv"
        fi
    done
fi

if want open-questions; then
    # Section 8. Legibility, bent signals, and each safeguard at its best. Parts can be run alone:
    # OQ_PARTS="legibility bending safeguards legibility-relief" (default: all four, in that order).
    oq_parts=(${OQ_PARTS:-legibility bending safeguards legibility-relief})
    oq() { local p; for p in "${oq_parts[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }
    states=(oracle noisy noisy none)
    levels=(oracle noisy learned none)
    if oq legibility; then
        # 8.1 R(d) and d* as legibility falls: the corrected and reference (welfare-aware) optimizer read
        # footprints and stocks at oracle, noisy, learned and no legibility (stocks have no learned mode:
        # 'learned' reads them noisily). Without relief only footprints are read; part legibility-relief
        # below adds a relief budget aimed at the most constrained, which reads stocks.
        for k in 0 1 2 3; do
            sim correct "${small[@]}" --delays 0:400:50 --set legibility.footprint=${levels[$k]} \
                --set legibility.state=${states[$k]} --out "$out/oq-legibility-${levels[$k]}" --force
        done
        # Paired on common random numbers: horizon welfare of the reference (corrected at 0) and of the
        # run corrected at 200 at each level, against oracle legibility.
        for d in 0 200; do
            files=()
            for k in 0 1 2 3; do
                "$bin" world --set correction.step=$d --set legibility.footprint=${levels[$k]} \
                    --set legibility.state=${states[$k]} > "$out/oq-legibility-${levels[$k]}-d$d.json"
                files+=("$out/oq-legibility-${levels[$k]}-d$d.json")
            done
            sim compare "${files[@]}" "${small[@]}" --out "$out/oq-compare-legibility-d$d" --force
        done
    fi
    if oq bending; then
        # 8.2 After a correction, does a correct optimizer learn from a signal that frames have bent?
        # Paired ablation of frames' feedback silence and inversion (R(d), d*), then compare at a fixed
        # delay for fidelity, estimate drift and bias after the correction: bent (the default), frames'
        # bending off, and all feedback corruption off (low trust too).
        sim ablate "${small[@]}" --mechanisms feedback-bending,missing-feedback,inverted-feedback --delays 0:400:50 \
            --out "$out/oq-ablate-bending" --force
        clean=(--set 'narrative.frames[*].feedbackSilence=0' --set 'narrative.frames[*].feedbackInversion=0')
        for d in 100 300; do
            "$bin" world --set correction.step=$d > "$out/oq-bent-d$d.json"
            "$bin" world --set correction.step=$d "${clean[@]}" > "$out/oq-unbent-d$d.json"
            "$bin" world --set correction.step=$d "${clean[@]}" --set trust.missingAtZero=0 --set trust.noiseAtZero=0 \
                --set trust.inversionAtZero=0 > "$out/oq-uncorrupted-d$d.json"
            sim compare "$out/oq-bent-d$d.json" "$out/oq-unbent-d$d.json" "$out/oq-uncorrupted-d$d.json" "${small[@]}" \
                --out "$out/oq-compare-bending-d$d" --force
        done
    fi
    if oq safeguards; then
        # 8.3 Each safeguard at its best: a grid over its own parameters (seeds 1-8, engagement optimizer,
        # full legibility), the best point by mean horizon welfare, then that point against no safeguard
        # on the same seeds (in-sample, subject to the winner's curse) and on 16 fresh seeds (101-116).
        # Relief is not a safeguard here: it is part of the correction (correction.reliefBudget).
        declare -A grids=(
            [region]="--grid safeguards.region.caps=0,0.05,0.1,0.2,0.4,0.6,0.8,1.0 --grid safeguards.region.maxFootprint=0.05,0.1,0.2,0.4"
            [rules]="--grid safeguards.rules.engagementCeiling=0.2,0.3,0.4,0.5,0.6,0.7 --grid safeguards.rules.smoothing=0.02,0.05,0.1,0.3"
            [templates]="--grid safeguards.templates.blockedFraction=0.1,0.3,0.5,0.7,0.9"
            [templates-supply]="--grid safeguards.templates.blockedFraction=0.1,0.3,0.5,0.7,0.9 --grid safeguards.templates.supplyAdaptation=0,0.005,0.02,0.1"
            [gate]="--grid safeguards.gate.level=0.4,0.6,0.8,1.0 --grid safeguards.gate.capacity=0.005,0.02,0.1 --grid safeguards.gate.delay=0,2,8"
            [rules-edge]="--grid safeguards.rules.engagementCeiling=0.55,0.6,0.65 --grid safeguards.rules.smoothing=0.005,0.01,0.02"
            [gate-edge]="--grid safeguards.gate.level=0.1,0.2,0.4 --grid safeguards.gate.capacity=0.1,0.3,1.0 --grid safeguards.gate.delay=8,32,127"
        )
        "$bin" world > "$out/oq-none.json"
        # Template moderation's own parameter is the blocked fraction; how fast supply re-makes blocked
        # items in other templates (supplyAdaptation) is the world's response to it, swept as well
        # (templates-supply) to show what the safeguard's success rests on.
        # rules-edge and gate-edge extend the grids past the edge where their first grid's best point lay.
        for g in region rules rules-edge templates templates-supply gate gate-edge; do
            k=${g%-*}
            # shellcheck disable=SC2086
            sim sweep --set agents=2000 --set safeguards.$k.enabled=true ${grids[$g]} --seeds 8 \
                --out "$out/oq-sweep-$g" --force
            # The point with the highest mean horizon welfare over its seeds, as --set overrides (the swept
            # columns lie between 'point' and 'world' in runs.csv).
            best=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "world") s = i; if ($i == "horizon_welfare") w = i }
                                      for (i = 3; i < s; i++) key[i] = $i; next }
                           { p = $2; sum[p] += $w; n[p]++; if (!(p in set)) { o = ""; for (i = 3; i < s; i++) o = o " --set " key[i] "=" $i; set[p] = o } }
                           END { for (p = 0; p in sum; p++) if (p == 0 || sum[p] / n[p] > best) { best = sum[p] / n[p]; bp = p }; print set[bp] }' \
                   "$out/oq-sweep-$g/runs.csv")
            echo "best $g:$best" > "$out/oq-best-$g.txt"
            # shellcheck disable=SC2086
            "$bin" world --set safeguards.$k.enabled=true $best > "$out/oq-best-$g.json"
            sim compare "$out/oq-none.json" "$out/oq-best-$g.json" "${small[@]}" --out "$out/oq-best-$g-insample" --force
            sim compare "$out/oq-none.json" "$out/oq-best-$g.json" --set agents=2000 --seeds 16 --seed 101 \
                --out "$out/oq-best-$g-fresh" --force
        done
    fi
    if oq legibility-relief; then
        # 8.1 (relief) The same levels with a relief budget of 0.5 stock units per agent at the correction,
        # aimed at the most constrained as the system reads their stocks (none: spread uniformly).
        for k in 0 1 2 3; do
            sim correct "${small[@]}" --delays 0:400:50 --set legibility.footprint=${levels[$k]} \
                --set legibility.state=${states[$k]} --set correction.reliefBudget=0.5 \
                --set correction.reliefTargeting=mostConstrained --out "$out/oq-legibility-relief-${levels[$k]}" --force
        done
    fi
fi

if want hypotheses; then
    # Section 9. Where the hypotheses do not hold. The claims this page makes and those the design
    # expects are declared before the runs (docs/hypotheses/*.json, and the "hypotheses" key of
    # worlds/no-irreversibility.json), judged by each experiment from its own 95% intervals, and
    # the section is generated from the hypotheses.csv files by `simrunner hypotheses`: nothing in
    # it is written by hand. Never edit a hypothesis or a world to make it hold.
    h="$out/hypotheses"
    sim correct "${small[@]}" --delays 0:400:50 --hypotheses docs/hypotheses/correct-default.json --out "$h/correct-default" --force
    sim correct worlds/no-irreversibility.json "${small[@]}" --delays 0:400:50 --out "$h/correct-control" --force
    sim ablate "${small[@]}" --delays 0:400:100 --hypotheses docs/hypotheses/ablate-default.json \
        --mechanisms floor,hysteresis,locked-decay,missing-feedback,noisy-feedback,inverted-feedback,preference-drift,exit,re-entry,specification-gap \
        --out "$h/ablate-default" --force
    sim compare default worlds/welfare-aware.json worlds/constructive.json worlds/region-caps.json worlds/proxy-rules.json \
        worlds/template-moderation.json "${small[@]}" --hypotheses docs/hypotheses/compare-policies.json --out "$h/compare-policies" --force
    sim audit default worlds/constructive.json --agents 2000 --seeds 8 --hypotheses docs/hypotheses/audit-policies.json \
        --out "$h/audit-policies" --force
    section="$h/section.md"
    {
        echo "## 9. Where the hypotheses do not hold"
        echo
        echo "Generated by \`bash scripts/results.sh hypotheses\` (do not edit by hand). Each row is a hypothesis"
        echo "declared before its experiment ran: a claim of this page or an expectation of the design, in"
        echo "[docs/hypotheses/](hypotheses/) and the \`hypotheses\` key of \`worlds/no-irreversibility.json\`. Each"
        echo "experiment judged its own hypotheses from the 95% interval it reports (the rules are in"
        echo "[hypotheses.md](hypotheses.md)): *supported* or *contradicted* only when the whole interval lies on"
        echo "one side of the threshold, *inconclusive* when it straddles it, *undefined* when the quantity"
        echo "could not be estimated. Those that do not hold come first. No world or hypothesis was changed"
        echo "after seeing a verdict. Sizes: 2,000 agents, seeds 1-8 (the audit: its battery of five worlds)."
        echo
        "$bin" hypotheses "$h/correct-default" "$h/correct-control" "$h/ablate-default" "$h/compare-policies" "$h/audit-policies"
    } > "$section.tmp"
    mv "$section.tmp" "$section"
    # Replace section 9 if it is there, else insert it before "## Reproducing".
    awk -v f="$section" '
        /^## 9\. Where the hypotheses do not hold/ { skip = 1; next }
        skip && /^## / { skip = 0 }
        skip { next }
        /^## Reproducing/ { while ((getline line < f) > 0) print line; print "" }
        { print }
    ' docs/results.md > docs/results.md.tmp
    mv docs/results.md.tmp docs/results.md

fi

if want sensitivity; then
    # Section 6. Which parameters drive d*: Morris screening of 17 parameters on d* (censored at the
    # horizon where R never falls below 0.5) and on the stake, then Sobol indices of the top 5 by
    # mu*. 1,000 agents, 500 steps, seed 1 at every design point (common random numbers), the
    # correction experiment on the delay grid 0:450:50 at every point. Morris: 20 trajectories x 18
    # points = 360 runs; Sobol: 16 base samples x 12 = 192 runs (about 1.4 CPU-s each).
    # A per-dimension parameter given one range sets all four dimensions to the same value.
    sens=(--experiment correct --delays 0:450:50 --set agents=1000 --seeds 1)
    sim sensitivity --method morris "${sens[@]}" --trajectories 20 \
        --param constraints.thresholdMean=0.6:1.6 --param constraints.floorFraction=0.1:0.45 \
        --param constraints.unlockFraction=0.45:0.85 --param constraints.decay=0.004:0.03 \
        --param constraints.lockedDecay=0.002:0.03 --param constraints.capacity=1.5:6 \
        --param constraints.spillover=0:0.006 --param constraints.contagion=0:0.6 \
        --param constraints.scarGain=0:0.5 --param 'narrative.frames[2].narrativeLoad=0:0.012' \
        --param trust.lossRate=0.01:0.04 --param trust.gainRate=0.002:0.008 \
        --param trust.reentryLevel=0.2:0.5 --param optimizer.learningRate=0.03:0.3 \
        --param optimizer.exploration=0:0.15 --param network.meanDegree=4:20 \
        --param optimizer.specificationGap=0.5:1 \
        --measure d_star --measure d_star_censored --measure stake --out "$out/sensitivity-morris"
    # Sobol indices over the five parameters with the largest mu* on d_star_censored above
    # (constraints.decay, constraints.thresholdMean, trust.reentryLevel, network.meanDegree,
    # constraints.scarGain), the same ranges, world and grid.
    sim sensitivity --method sobol "${sens[@]}" --samples 16 \
        --param constraints.decay=0.004:0.03 --param constraints.thresholdMean=0.6:1.6 \
        --param trust.reentryLevel=0.2:0.5 --param network.meanDegree=4:20 --param constraints.scarGain=0:0.5 \
        --measure d_star --measure d_star_censored --measure stake --out "$out/sensitivity-sobol"
fi
