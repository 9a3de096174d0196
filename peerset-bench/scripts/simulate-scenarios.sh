#!/usr/bin/env bash
# Runs shipped simulation scenarios with the built distribution, one after another (each waits until
# no Maven build runs: 2 cores here), keeping the JSON output and stderr (wall time, heap) per run.
#
# Usage: peerset-bench/scripts/simulate-scenarios.sh <output dir> <seed> <scenario>...
#   e.g. peerset-bench/scripts/simulate-scenarios.sh out 1 bootstrap churn dns-down
#        JAVA_OPTS=-Xmx16g peerset-bench/scripts/simulate-scenarios.sh out 1 bootstrap-10k
# Needs: mvn -B -DskipTests install (the distribution in peerset-cli/target/peerset).
set -euo pipefail
out=${1:?output directory}
seed=${2:?seed}
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=$root/peerset-cli/target/peerset
mkdir -p "$out"
for s in "$@"; do
  while pgrep -f plexus-classworlds > /dev/null 2>&1; do sleep 5; done
  /usr/bin/time -f "wall %e s, max RSS %M KB" "$dist/bin/peerset" simulate "$dist/scenarios/$s.toml" \
    --seed "$seed" --json > "$out/$s.seed$seed.jsonl" 2> "$out/$s.seed$seed.err"
  tail -n 2 "$out/$s.seed$seed.err"
done
