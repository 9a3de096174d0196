package io.peerset.api.spi;

import io.peerset.wire.PeerAddress;
import java.util.random.RandomGenerator;

/**
 * Chooses which ready peer gets a load-balanced request (reference section 5.2). peerset's default
 * is the power of two choices over a peak-EWMA load; an application may supply another, e.g. to
 * prefer its own nodes.
 *
 * <p>Threading: called on the peer set's loop only; must be fast and must not block.
 */
@FunctionalInterface
public interface PeerSelector {

    /**
     * The ready peers a request may go to. Reading a load is cheap but not free (it decays the
     * peer's estimate to now), so a selector reads only the loads it needs.
     */
    interface Candidates {

        /** @return how many candidates, at least 1 */
        int size();

        /**
         * @param i an index in {@code [0, size())}
         * @return the candidate's address
         */
        PeerAddress address(int i);

        /**
         * @param i an index in {@code [0, size())}
         * @return the candidate's current load: its round-trip-time estimate in nanoseconds times
         *         (requests in flight + 1); lower is better
         */
        double load(int i);
    }

    /**
     * @param candidates at least one ready peer
     * @param random     the set's seeded source of randomness
     * @return the index of the chosen candidate
     */
    int select(Candidates candidates, RandomGenerator random);
}
