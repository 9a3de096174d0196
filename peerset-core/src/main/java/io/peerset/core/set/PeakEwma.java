package io.peerset.core.set;

import io.peerset.api.PeerSetConstants;

/**
 * A peer's load (reference section 5.2, peak-EWMA from Finagle via tower): a round-trip-time
 * estimate that starts at {@link PeerSetConstants#EWMA_DEFAULT_RTT} (21 s: a new peer must prove
 * itself), jumps up at once to a slower sample (the peak), decays towards faster samples and towards
 * zero while idle (time constant {@link PeerSetConstants#EWMA_DECAY_TIME}), times the requests in
 * flight plus one.
 *
 * <p>Not thread-safe: confined to the peer set's loop.
 */
final class PeakEwma {

    private static final double DECAY_NANOS = PeerSetConstants.EWMA_DECAY_TIME.toNanos();

    private long lastRtt = -1;
    private double estimate;
    private long stamp;
    private int pending;

    /** @param now monotonic nanoseconds */
    PeakEwma(long now) {
        this.estimate = PeerSetConstants.EWMA_DEFAULT_RTT.toNanos();
        this.stamp = now;
    }

    /** @return the round trip of the last completed request, nanoseconds; -1 before the first */
    long lastRtt() {
        return lastRtt;
    }

    /**
     * Decays the estimate to {@code now} (an update with a zero-latency sample) and returns the load.
     *
     * @param now monotonic nanoseconds
     * @return estimate × (pending + 1)
     */
    double load(long now) {
        long dt = now - stamp;
        if (dt > 0) {
            estimate *= decay(dt);
            stamp = now;
        }
        return estimate * (pending + 1);
    }

    /** A request was sent. */
    void start() {
        pending++;
    }

    /**
     * A request completed (answer or error): its round trip is a sample.
     *
     * @param now monotonic nanoseconds
     * @param rtt the request's round trip, nanoseconds
     */
    void complete(long now, long rtt) {
        lastRtt = Math.max(0, rtt);
        pending = Math.max(0, pending - 1);
        double sample = Math.max(0, rtt);
        if (sample > estimate) {
            estimate = sample;
        } else {
            double d = decay(Math.max(0, now - stamp));
            estimate = estimate * d + sample * (1 - d);
        }
        stamp = now;
    }

    /**
     * {@code exp(-dt / 200 s)}. Between two requests of a busy set {@code dt} is microseconds, where
     * the second-order Taylor polynomial equals {@code Math.exp} to within 1e-13 relative (the error
     * is below x³/6 for x = dt / 200 s &lt; 1e-4) at a fraction of its cost.
     */
    static double decay(long dt) {
        double x = dt / DECAY_NANOS;
        return x < 1e-4 ? 1 - x + x * x / 2 : Math.exp(-x);
    }

    /** @return requests in flight */
    int pending() {
        return pending;
    }

    /** @return the estimate as of its last update, nanoseconds */
    double estimate() {
        return estimate;
    }
}
