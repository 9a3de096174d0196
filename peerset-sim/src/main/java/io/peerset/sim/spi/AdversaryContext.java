package io.peerset.sim.spi;

import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What an adversary group knows of the simulation: its own nodes' addresses, its victims and every
 * adversary address (all groups collude), the virtual time, and the only randomness it may use.
 *
 * <p>Threading: the simulation's thread only.
 */
public interface AdversaryContext {

    /** @return the listener addresses of this group's nodes */
    List<PeerAddress> group();

    /** @return the listener addresses of every adversary node, of all groups */
    List<PeerAddress> adversaries();

    /**
     * @param i which, from 0 to {@link #unreachableCapacity()} − 1
     * @return the {@code i}-th address in this group's prefixes at which no node listens: what an
     *         attacker floods address books with (dials to it time out, as to an address that drops SYNs)
     * @throws IllegalArgumentException for an {@code i} out of range
     */
    PeerAddress unreachable(int i);

    /** @return how many distinct unreachable addresses this group's prefixes hold */
    int unreachableCapacity();

    /** @return the listener addresses of this group's victims (honest nodes), possibly empty */
    List<PeerAddress> victims();

    /** @return virtual time since the simulation started */
    Duration now();

    /** @return the virtual wall clock now (what a timestamp in an {@code addr} should be near) */
    Instant instant();

    /** @return the group's generator, seeded from the run's seed */
    RandomGenerator random();
}
