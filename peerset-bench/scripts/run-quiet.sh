#!/usr/bin/env bash
# Runs the codec benchmarks one (benchmark, parameter) pair per JMH invocation, each only while no
# Maven build is running on the machine, and runs a pair again when a build started during it.
# Meant for small shared machines (2 cores here) where other builds would otherwise skew a run.
#
# Usage: peerset-bench/scripts/run-quiet.sh <benchmarks.jar> <output dir> [extra JMH options...]
# Output: <output dir>/results.json (all pairs, JMH JSON), <output dir>/run.log (JMH text output),
#         <output dir>/quiet.log (per pair: start, end, attempts, and whether it stayed quiet).
# Default JMH options: -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc (extra options are appended).
set -euo pipefail

jar=${1:?benchmarks.jar}
out=${2:?output directory}
shift 2
mkdir -p "$out/parts"
: > "$out/run.log"
: > "$out/quiet.log"

maven_running() {
  pgrep -f plexus-classworlds > /dev/null 2>&1
}

wait_for_quiet() {
  while maven_running; do
    sleep 5
  done
}

messages="block_2MiB block_2MiB_shielded inv_50000 addr_1000 ping"
pairs=()
for method in decode encode sha256d; do
  for m in $messages; do pairs+=("CodecBenchmark.$method message=$m"); done
done
for m in $messages; do pairs+=("CodecBreakdownBenchmark.payloadDecode message=$m"); done
for method in blockCopy blockParse; do
  for b in block_2MiB block_2MiB_shielded; do pairs+=("CodecBreakdownBenchmark.$method block=$b"); done
done

i=0
for pair in "${pairs[@]}"; do
  i=$((i + 1))
  bench=${pair% *}
  param=${pair#* }
  part="$out/parts/$(printf '%02d' "$i")-${bench##*.}-${param#*=}.json"
  attempt=0
  while true; do
    attempt=$((attempt + 1))
    wait_for_quiet
    flag=$(mktemp)
    ( while sleep 1; do if maven_running; then echo busy > "$flag"; fi; done ) &
    watcher=$!
    start=$(date -u +%H:%M:%S)
    java -jar "$jar" "^io\.peerset\.bench\.${bench//./\\.}\$" -p "$param" \
      -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc "$@" -rf json -rff "$part" >> "$out/run.log" 2>&1
    end=$(date -u +%H:%M:%S)
    kill "$watcher" 2> /dev/null || true
    wait "$watcher" 2> /dev/null || true
    if [ ! -s "$flag" ]; then
      echo "$bench $param start=$start end=$end attempts=$attempt quiet=yes" >> "$out/quiet.log"
      rm -f "$flag"
      break
    fi
    rm -f "$flag"
    if [ "$attempt" -ge 5 ]; then
      echo "$bench $param start=$start end=$end attempts=$attempt quiet=NO (a Maven build ran during the last attempt)" >> "$out/quiet.log"
      break
    fi
  done
done

python3 - "$out" <<'EOF'
import glob, json, sys
out = sys.argv[1]
merged = []
for path in sorted(glob.glob(out + "/parts/*.json")):
    with open(path) as f:
        merged.extend(json.load(f))
with open(out + "/results.json", "w") as f:
    json.dump(merged, f, indent=2)
print(f"{len(merged)} results in {out}/results.json")
EOF
