#!/usr/bin/env python3
"""Summarises a JFR recording of a benchmark (JMH -prof jfr) for docs/PERFORMANCE.md.

Usage:
    java -jar benchmarks.jar <benchmark> -p message=<name> ... \
        -prof "jfr:dir=<dir>;configName=profile;debugNonSafePoints=true"
    python3 peerset-bench/scripts/jfr-top.py <dir>/profile.jfr [top] [thread name part]

The thread name part (default "jmh-worker") picks the threads to summarise: for the load harnesses,
"peerset-netty" (a node's I/O threads) or "peerset-loop" (a peer set's own loop thread).

Prints, over the benchmark thread's CPU samples (jdk.ExecutionSample):
  * self time by method (the top frame),
  * time by the first io.peerset frame on the stack (where JDK time is charged to peerset code),
(JFR cannot walk the stack inside intrinsic stubs such as SHA-256 and array copies, so those
samples are missing: use the numbers for the Java code only, and the benchmarks for the stubs)
and, over allocation samples (jdk.ObjectAllocationSample, weighted by bytes):
  * allocated bytes by (class, first io.peerset frame).
"""
import collections
import json
import subprocess
import sys


def events(path, name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame, line=True):
    method = frame["method"]
    cls = method["type"]["name"].replace("/", ".").rsplit(".", 1)[-1]
    text = f'{cls}.{method["name"]}'
    if line and frame.get("lineNumber", -1) > 0:
        text += f':{frame["lineNumber"]}'
    return text


def first_peerset(frames):
    for f in frames:
        if f["method"]["type"]["name"].replace("/", ".").startswith("io.peerset.api"):
            return frame_name(f)
    return "(no peerset frame)"


THREAD = "jmh-worker"


def is_benchmark_thread(e):
    thread = e["values"].get("sampledThread") or e["values"].get("eventThread") or {}
    return THREAD in (thread.get("javaName") or "")


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    global THREAD
    THREAD = sys.argv[3] if len(sys.argv) > 3 else THREAD
    samples = [e for e in events(path, "jdk.ExecutionSample") if is_benchmark_thread(e)]
    total = len(samples)
    self_time = collections.Counter()
    by_peerset = collections.Counter()
    for e in samples:
        frames = e["values"]["stackTrace"]["frames"]
        if not frames:
            continue
        self_time[frame_name(frames[0])] += 1
        by_peerset[first_peerset(frames)] += 1
    print(f"CPU samples on the benchmark thread: {total}")
    print("\nself time (top frame):")
    for name, n in self_time.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {name}")
    print("\nby first io.peerset frame:")
    for name, n in by_peerset.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {name}")

    allocations = [e for e in events(path, "jdk.ObjectAllocationSample") if is_benchmark_thread(e)]
    weight = collections.Counter()
    for e in allocations:
        v = e["values"]
        cls = v["objectClass"]["name"].replace("/", ".").rsplit(".", 1)[-1]
        weight[(cls, first_peerset(v["stackTrace"]["frames"]))] += v["weight"]
    total_weight = sum(weight.values()) or 1
    print(f"\nallocation samples: {len(allocations)} (share of sampled bytes)")
    for (cls, site), w in weight.most_common(top):
        print(f"  {100.0 * w / total_weight:5.1f}%  {cls:<28} {site}")


if __name__ == "__main__":
    main()
