#!/usr/bin/env bash
# Fuzzes the world-file parser, decoder, validation and encoder with libFuzzer for a bounded
# time. Not part of CI (it needs minutes). Usage: scripts/fuzz-world-parser.sh [SECONDS]
# A crash or a sanitizer report stops it with the input saved as crash-* in the current folder.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/corpus"
# One module holding the model, the JSON layer and the world code (module imports removed).
for f in Sources/NarrativeModel/*.swift Sources/SocialSim/*/*.swift Sources/SimRunner/JSON/*.swift \
         Sources/SimRunner/Worlds/*.swift Sources/SimRunner/CommandLine/*.swift Sources/SimRunner/Output/CSVTable.swift; do
    sed -e '/^import SocialSim$/d' -e '/^import NarrativeModel$/d' "$f" > "$work/src/$(echo "$f" | tr / _)"
done
cat > "$work/src/FuzzEntry.swift" <<'SWIFT'
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorld(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let node = try? JSONParser().parse(bytes) else { return 0 }
    var world = WorldConfig()
    var decoder = WorldDecoder(source: "fuzz")
    decoder.apply(node, to: &world)
    guard decoder.errors.isEmpty else { return 0 }
    if WorldValidation.issues(world).isEmpty { _ = world.estimatedMemory }
    let text = JSONWriter.bytes(from: WorldEncoder.json(world))
    // A world that decoded must write out and read back to itself.
    var again = WorldConfig()
    var second = WorldDecoder(source: "fuzz")
    second.apply(try! JSONParser().parse(text), to: &again)
    precondition(second.errors.isEmpty && again == world, "world did not round-trip")
    return 0
}
SWIFT
cp worlds/*.json Tests/SimRunnerTests/Malformed/*.json "$work/corpus/"
swiftc -sanitize=fuzzer,address -parse-as-library -module-name FuzzWorld -O "$work"/src/*.swift -o "$work/fuzz-world"
"$work/fuzz-world" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 "$work/corpus"
