#!/usr/bin/env python3
"""Turns a JMH JSON result file of the codec benchmarks into the Markdown tables of docs/PERFORMANCE.md.

Usage:
    java -cp peerset-bench/target/benchmarks.jar io.peerset.bench.BenchMessages > sizes.json
    python3 peerset-bench/scripts/perf-report.py results.json sizes.json

MB/s is payload bytes (the frame header excluded) x ops/s / 10^6. Allocation is JMH's
gc.alloc.rate.norm (bytes per op, needs -prof gc). Ratios divide a codec throughput by the SHA-256d
floor's throughput for the same payload, measured in the same run.
"""
import json
import sys

ORDER = ["block_2MiB", "block_2MiB_shielded", "inv_50000", "addr_1000", "ping"]


def load(results_path, sizes_path):
    with open(results_path) as f:
        results = json.load(f)
    with open(sizes_path) as f:
        sizes = json.load(f)
    table = {}
    for r in results:
        method = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params", {})
        message = params.get("message") or params.get("block")
        primary = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        table[(method, message)] = {
            "score": primary["score"],
            "error": primary["scoreError"],
            "unit": primary["scoreUnit"],
            "alloc": alloc["score"] if alloc else None,
        }
    return table, sizes


def fmt_ops(score, error):
    if not isinstance(error, (int, float)) or error != error:
        error = float("nan")  # JMH writes "NaN" when there is a single iteration
        return f"{score:,.0f}" if score >= 100 else f"{score:,.1f}"
    if score >= 100:
        return f"{score:,.0f} ± {error:,.0f}"
    return f"{score:,.1f} ± {error:,.1f}"


def fmt_us(ops_per_second):
    us = 1e6 / ops_per_second
    if us >= 100:
        return f"{us:,.0f}"
    if us >= 10:
        return f"{us:,.1f}"
    return f"{us:,.3f}"


def fmt_bytes(value):
    if value is None:
        return "n/a"
    if value >= 10 * 1024 * 1024:
        return f"{value / (1024 * 1024):,.1f} MiB"
    if value >= 10 * 1024:
        return f"{value / 1024:,.1f} KiB"
    return f"{value:,.0f} B"


def main():
    table, sizes = load(sys.argv[1], sys.argv[2])
    for message in ORDER:
        if message not in sizes:
            continue
        payload = sizes[message]["payloadBytes"]
        entries = sizes[message]["entries"]
        floor = table.get(("sha256d", message))
        print(f"#### {message}: {payload:,} payload bytes, {entries:,} "
              f"{'transactions' if message.startswith('block') else 'entries' if entries > 1 else 'entry'}")
        print()
        print("| operation | ops/s (± 99.9% CI) | µs/op | MB/s | vs SHA-256d | alloc/op | alloc/entry |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for method, label in (("decode", "decode (`FrameCodec.decode`, payload copied)"),
                              ("decodeOwned", "decode, owned payload (`FrameCodec.decodePayload`)"),
                              ("encode", "encode (`FrameCodec.encode`)"),
                              ("sha256d", "SHA-256d floor (JDK `MessageDigest` ×2)")):
            row = table.get((method, message))
            if row is None:
                continue
            mbs = row["score"] * payload / 1e6
            ratio = f"{row['score'] / floor['score']:.2f}×" if floor else "n/a"
            per_entry = fmt_bytes(row["alloc"] / entries) if row["alloc"] is not None and entries > 1 else "–"
            print(f"| {label} | {fmt_ops(row['score'], row['error'])} | {fmt_us(row['score'])} "
                  f"| {mbs:,.1f} | {ratio} | {fmt_bytes(row['alloc'])} | {per_entry} |")
        print()

    breakdown = [(k, v) for k, v in table.items() if k[0] in ("payloadDecode", "blockCopy", "blockParse")]
    if breakdown:
        print("#### Decode, part by part")
        print()
        print("| message | part | ops/s (± 99.9% CI) | µs/op | MB/s | alloc/op |")
        print("|---|---|---:|---:|---:|---:|")
        for message in ORDER:
            for method, label in (("payloadDecode", "`PayloadCodec.decode` (no header, no checksum)"),
                                  ("blockCopy", "`Bytes.copyOf` (the decoder's payload copy)"),
                                  ("blockParse", "`Block.parse` (structure and objects, no copy)")):
                row = table.get((method, message))
                if row is None:
                    continue
                payload = sizes[message]["payloadBytes"]
                print(f"| {message} | {label} | {fmt_ops(row['score'], row['error'])} | {fmt_us(row['score'])} "
                      f"| {row['score'] * payload / 1e6:,.1f} | {fmt_bytes(row['alloc'])} |")


if __name__ == "__main__":
    main()
