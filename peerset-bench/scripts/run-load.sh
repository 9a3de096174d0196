#!/usr/bin/env bash
# Runs a load harness of peerset-bench several times, each part started only while no Maven build
# is running on the machine (2 cores here: a build would steal half the CPU from a run), and keeps
# every line of output.
#
# Usage: peerset-bench/scripts/run-load.sh <benchmarks.jar> <output dir> [repetitions, default 3] [suite]
#   suite: connections (default; io.peerset.bench.load.ConnectionLoad)
#          peerset     (io.peerset.bench.load.PeerSetLoad: memory, tcp with its own loop, tcp on the I/O thread)
#          node        (io.peerset.bench.load.PeerSetLoad node: two nodes as shipped, default and one I/O
#                       thread, the set's loop on an I/O thread and on its own thread, K = 1 and 75)
# Output: <output dir>/load.log (every result line, with the run number), <output dir>/env.txt
set -euo pipefail

jar=${1:?benchmarks.jar}
out=${2:?output directory}
reps=${3:-3}
suite=${4:-connections}
mkdir -p "$out"
: > "$out/load.log"
{ date -u; uname -a; nproc; java -version 2>&1; } > "$out/env.txt"

wait_for_quiet() {
  while pgrep -f plexus-classworlds > /dev/null 2>&1; do
    sleep 5
  done
}

run() {
  wait_for_quiet
  java "$@" 2>/dev/null | grep -E "$keep" | sed "s/^/[run $i] /" | tee -a "$out/load.log"
}

for i in $(seq 1 "$reps"); do
  case "$suite" in
    connections)
      keep='/s|heap per idle|established'
      run -cp "$jar" io.peerset.bench.load.ConnectionLoad ping --connections 1,75 --warmup 3 --seconds 5
      run -cp "$jar" io.peerset.bench.load.ConnectionLoad handshake --concurrency 32 --warmup 3 --seconds 5
      run -Xms1g -Xmx1g -cp "$jar" io.peerset.bench.load.ConnectionLoad idle-heap --peers 2000
      ;;
    peerset)
      keep='.'
      run -cp "$jar" io.peerset.bench.load.PeerSetLoad memory
      run -cp "$jar" io.peerset.bench.load.PeerSetLoad tcp --loop own
      run -cp "$jar" io.peerset.bench.load.PeerSetLoad tcp --loop io
      ;;
    node)
      keep='.'
      run -cp "$jar" io.peerset.bench.load.PeerSetLoad node --threading threads,own
      ;;
    *)
      echo "unknown suite: $suite (expected: connections, peerset or node)" >&2
      exit 2
      ;;
  esac
done
