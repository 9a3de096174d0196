package io.peerset.bench.load;



/**
 * Latencies in ns, log-linear: values below 1,024 exactly, then 512 sub-buckets per power of two
 * (a bucket is at most 0.2% of its values wide). One writer; read after the run.
 */
final class Histogram {
    private static final int SUB_BITS = 10;
    private static final int HALF = 1 << (SUB_BITS - 1);
    private final long[] counts = new long[(64 - SUB_BITS + 2) * HALF];
    private long total;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        int shift = Math.max(0, 63 - Long.numberOfLeadingZeros(v) - (SUB_BITS - 1));
        counts[shift * HALF + (int) (v >>> shift)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    long count() {
        return total;
    }

    /** @return the value at the percentile (the upper bound of its bucket, at most the maximum), ns */
    double percentile(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                int shift = i < 2 * HALF ? 0 : i / HALF - 1;
                long sub = i - (long) shift * HALF;
                return Math.min(((sub + 1) << shift) - 1, max);
            }
        }
        return max;
    }
}
