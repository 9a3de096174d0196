package io.peerset.core.peer;

import io.peerset.api.PeerSetConstants;
import java.util.OptionalLong;

/**
 * When the application's inbound service is overloaded or too slow, which connections to drop
 * (reference section 6.9).
 *
 * <p>Security: dropping every connection whose request hit an overload would let one peer that
 * floods us disconnect all the others; never dropping would let it keep us overloaded. So each
 * overload drops the connection with a probability that is
 * {@value PeerSetConstants#MIN_OVERLOAD_DROP_PROBABILITY} for a first or isolated overload and
 * rises quadratically towards {@value PeerSetConstants#MAX_OVERLOAD_DROP_PROBABILITY} as the
 * connection's overloads come closer together than {@link PeerSetConstants#OVERLOAD_PROTECTION_INTERVAL}.
 */
final class OverloadPolicy {

    private static final double INTERVAL_NANOS = PeerSetConstants.OVERLOAD_PROTECTION_INTERVAL.toNanos();

    private OverloadPolicy() {
    }

    /**
     * @param nowNanos      the monotonic time of this overload
     * @param previousNanos the monotonic time of this connection's previous overload, if any
     * @return the probability of dropping the connection, in [0.05, 0.5]
     */
    static double dropProbability(long nowNanos, OptionalLong previousNanos) {
        if (previousNanos.isEmpty()) {
            return PeerSetConstants.MIN_OVERLOAD_DROP_PROBABILITY;
        }
        double fraction = (nowNanos - previousNanos.getAsLong()) / INTERVAL_NANOS;
        double range = PeerSetConstants.MAX_OVERLOAD_DROP_PROBABILITY - PeerSetConstants.MIN_OVERLOAD_DROP_PROBABILITY;
        double raw = PeerSetConstants.MAX_OVERLOAD_DROP_PROBABILITY - fraction * fraction * range;
        return Math.max(PeerSetConstants.MIN_OVERLOAD_DROP_PROBABILITY,
                Math.min(PeerSetConstants.MAX_OVERLOAD_DROP_PROBABILITY, raw));
    }
}
