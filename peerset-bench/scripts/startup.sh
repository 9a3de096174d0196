#!/usr/bin/env bash
# Start-up times of the peerset distribution, each beside a plain JVM and a minimal Netty server run
# on the same Java runtime in the same round (docs/PERFORMANCE.md, "Start-up").
#
# Usage: peerset-bench/scripts/startup.sh [-n rounds] [-o output.csv] <bench jar> <distribution dir>...
#   bench jar:         peerset-bench/target/peerset-bench-<version>.jar (holds MinimalNettyServer)
#   distribution dir:  an unpacked distribution (the directory holding bin/peerset, lib/, runtime/),
#                      e.g. peerset-cli/target/peerset or a tarball unpacked elsewhere. Several may be
#                      given (say, before and after a change, or a JDK 17 and a JDK 25 build): every
#                      round measures each in turn, so that they share the machine's state.
#   -n rounds:         how many times each is measured (default 10)
#   -o output.csv:     every measurement (round,distribution,what,ms); default: a temporary file
#
# What is measured, in milliseconds from the fork to the moment the line appears:
#   java-version   runtime/bin/java -version (a JVM starting and stopping, nothing else)
#   version        bin/peerset --version, to its exit
#   config         bin/peerset config (the default configuration file), to its exit
#   run            bin/peerset run --listen 127.0.0.1:0 --no-dns --no-cache, to its "listening on"
#                  line on standard error (then it is stopped with SIGTERM)
#   netty          io.peerset.bench.startup.MinimalNettyServer on runtime/bin/java, class path: the
#                  bench jar and the distribution's Netty jars, to its "listening on" line
# Before the timed rounds, one untimed round warms the page cache (and lets bin/peerset make its
# class-data archive, which it does on its first run in a directory). Each round starts only while no
# Maven build runs (2 cores: a build would take one), unless STARTUP_IGNORE_BUILDS=1.
# Output: per distribution and measurement, the median and the range (min-max) over the rounds; the
# ratio of the medians of run and netty, and the median and range of that ratio taken round by round.
set -euo pipefail

rounds=10
csv=
while getopts "n:o:" opt; do
  case "$opt" in
    n) rounds=$OPTARG ;;
    o) csv=$OPTARG ;;
    *) echo "usage: $0 [-n rounds] [-o output.csv] <bench jar> <distribution dir>..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ]; then
  echo "usage: $0 [-n rounds] [-o output.csv] <bench jar> <distribution dir>..." >&2
  exit 2
fi
bench_jar=$(readlink -f "$1")
shift
dists=()
for d in "$@"; do
  d=$(readlink -f "$d")
  [ -x "$d/bin/peerset" ] || { echo "$d: no bin/peerset (expected: an unpacked distribution)" >&2; exit 2; }
  dists+=("$d")
done
unset JAVA_OPTS  # the launcher's extra options would skew the figures
[ -n "$csv" ] || csv=$(mktemp /tmp/startup.XXXXXX.csv)
echo "round,distribution,what,ms" > "$csv"

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }

# Runs the command to its exit; prints the milliseconds.
until_exit() {
  local start end
  start=$(now_us)
  "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  end=$(now_us)
  echo $(( (end - start) / 1000 ))
}

# Starts the command, waits for a line containing "listening on" on its standard error, stops it
# with SIGTERM; prints the milliseconds to that line.
until_listening() {
  local fifo start end pid line found=
  fifo=$(mktemp -u /tmp/startup-fifo.XXXXXX)
  mkfifo "$fifo"
  start=$(now_us)
  "$@" 2> "$fifo" > /dev/null &
  pid=$!
  exec 3< "$fifo"
  while IFS= read -r line <&3; do
    case $line in *"listening on"*) found=1; break ;; esac
  done
  end=$(now_us)
  kill -TERM "$pid" 2> /dev/null || true
  cat <&3 > /dev/null
  wait "$pid" 2> /dev/null || true
  exec 3<&-
  rm -f "$fifo"
  [ -n "$found" ] || { echo "no listening line: $*" >&2; return 1; }
  echo $(( (end - start) / 1000 ))
}

netty_classpath() {
  local cp=$bench_jar j
  for j in "$1"/lib/netty-common-*.jar "$1"/lib/netty-buffer-*.jar "$1"/lib/netty-resolver-[0-9]*.jar \
           "$1"/lib/netty-transport-[0-9]*.jar; do
    cp="$cp:$j"
  done
  echo "$cp"
}

wait_for_quiet() {
  [ "${STARTUP_IGNORE_BUILDS:-0}" = 1 ] && return 0
  while pgrep -f plexus-classworlds > /dev/null 2>&1; do
    sleep 2
  done
}

measure_round() {
  local round=$1 d
  for d in "${dists[@]}"; do
    local cp
    cp=$(netty_classpath "$d")
    record "$round" "$d" java-version until_exit "$d/runtime/bin/java" -version
    record "$round" "$d" version until_exit "$d/bin/peerset" --version
    record "$round" "$d" config until_exit "$d/bin/peerset" config
    record "$round" "$d" run until_listening "$d/bin/peerset" run --listen 127.0.0.1:0 --no-dns --no-cache
    record "$round" "$d" netty until_listening "$d/runtime/bin/java" -cp "$cp" io.peerset.bench.startup.MinimalNettyServer
  done
}

record() {
  local round=$1 d=$2 what=$3 ms
  shift 3
  ms=$("$@")
  if [ "$round" -gt 0 ]; then
    echo "$round,$d,$what,$ms" >> "$csv"
  fi
}

{ date -u; uname -r; nproc; for d in "${dists[@]}"; do echo "$d: $("$d/runtime/bin/java" -version 2>&1 | head -1)"; done; } >&2
wait_for_quiet
measure_round 0
for round in $(seq 1 "$rounds"); do
  wait_for_quiet
  measure_round "$round"
  echo "round $round of $rounds done" >&2
done

echo "raw measurements: $csv" >&2
# Median (the mean of the middle two for an even count) and range per distribution and measurement.
awk -F, 'NR > 1 { key = $2 SUBSEP $3; n[key]++; v[key, n[key]] = $4 }
  END {
    for (key in n) {
      split(key, k, SUBSEP)
      m = n[key]
      for (i = 1; i <= m; i++) a[i] = v[key, i]
      for (i = 2; i <= m; i++) { x = a[i]; j = i - 1; while (j > 0 && a[j] > x) { a[j + 1] = a[j]; j-- } a[j + 1] = x }
      med = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
      median[k[1], k[2]] = med
      printf "%s\t%-12s median %6.0f ms   range %5d-%5d ms   (n=%d)\n", k[1], k[2], med, a[1], a[m], m
      dist[k[1]] = 1
    }
    for (d in dist) {
      if ((d, "run") in median && (d, "netty") in median && median[d, "netty"] > 0)
        printf "%s\trun / netty  %.2fx (ratio of the medians)\n", d, median[d, "run"] / median[d, "netty"]
    }
  }' "$csv" | sort
# The same ratio round by round (run and netty measured seconds apart share the machine's load):
# its median and range.
awk -F, 'NR > 1 && ($3 == "run" || $3 == "netty") { v[$1, $2, $3] = $4; d[$2] = 1; r[$1] = 1 }
  END {
    for (dist in d) {
      m = 0
      for (round in r)
        if (((round, dist, "run") in v) && v[round, dist, "netty"] > 0) a[++m] = v[round, dist, "run"] / v[round, dist, "netty"]
      if (m == 0) continue
      for (i = 2; i <= m; i++) { x = a[i]; j = i - 1; while (j > 0 && a[j] > x) { a[j + 1] = a[j]; j-- } a[j + 1] = x }
      med = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
      printf "%s\trun / netty  %.2fx (median of the rounds\x27 ratios, range %.2f-%.2fx)\n", dist, med, a[1], a[m]
    }
  }' "$csv" | sort
