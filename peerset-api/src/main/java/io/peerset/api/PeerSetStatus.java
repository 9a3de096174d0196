package io.peerset.api;

/**
 * The peer set's counts after its last step (reference section 5.11 gauges).
 *
 * @param ready            peers ready for a request
 * @param busy             peers with a request in flight
 * @param checking         peers added but not yet ready (waiting for their client to become ready)
 * @param waitingRequests  requests waiting for a ready peer
 * @param minimumVersion   the minimum peer version in force (section 5.5)
 * @param demandSignalled  demand signals sent so far (each asks the dialer for one more peer)
 * @param demandDropped    demand signals dropped because the demand queue was full
 *
 * <p>Immutable and thread-safe.
 */
public record PeerSetStatus(int ready, int busy, int checking, int waitingRequests, long minimumVersion,
                            long demandSignalled, long demandDropped) {

    /** @return every connected peer the set holds */
    public int total() {
        return ready + busy + checking;
    }
}
