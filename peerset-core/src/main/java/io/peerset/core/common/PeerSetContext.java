package io.peerset.core.common;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ChainTip;
import io.peerset.api.UpgradeSchedule;
import io.peerset.api.PeerSetListener;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.PeerSelector;
import io.peerset.api.spi.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * What a peer set runs on and talks to: time, randomness, its loop, the application's chain tip,
 * the address book, the selection strategy and the listeners. Immutable and thread-safe; build with
 * {@link #builder(Scheduler, RandomGenerator, Executor)}.
 *
 * @param scheduler   time and timers (reference DESIGN section 4: nothing reads the wall clock)
 * @param random      the seeded source of every random choice; used on the loop only
 * @param loop        runs the set's loop, one task at a time: a single-threaded executor (or the
 *                    virtual scheduler in tests); the set must be its only heavy user
 * @param chainTip    the application's tip: the minimum peer version and whether we are syncing
 * @param upgrades    the minimum peer version of each upgrade (issue 17 §3); empty: the network's built-in ones
 * @param addressBook where misbehaviour is reported and bans are read; empty: no bans, reports dropped
 * @param selector    the load-balancing strategy
 * @param listeners   hear every decision, on the loop
 * @param demand      where demand for more peers is signalled; empty: one bounded by the outbound limit
 * @param loopSpins   how many times the loop polls its empty inbox before it yields its thread
 *                    ({@link CoreConstants#PEER_SET_LOOP_SPINS}; 0 under a virtual scheduler, where no
 *                    other thread can add work)
 */
public record PeerSetContext(Scheduler scheduler, RandomGenerator random, Executor loop, ChainTip chainTip,
                             Optional<AddressBook> addressBook, PeerSelector selector,
                             List<PeerSetListener> listeners, Optional<PeerDemand> demand, int loopSpins,
                             Optional<UpgradeSchedule> upgrades) {

    /** Validates and copies. */
    public PeerSetContext {
        requireNonNull(scheduler, "scheduler");
        requireNonNull(random, "random");
        requireNonNull(loop, "loop");
        requireNonNull(chainTip, "chainTip");
        requireNonNull(upgrades, "upgrades");
        requireNonNull(addressBook, "addressBook");
        requireNonNull(selector, "selector");
        listeners = List.copyOf(listeners);
        requireNonNull(demand, "demand");
        Checks.notNegative("loopSpins", loopSpins);
    }

    /**
     * The context as it was before {@code upgrades} (issue 17): the network's built-in minimum versions.
     *
     * @param scheduler   time and timers
     * @param random      randomness
     * @param loop        the loop's executor
     * @param chainTip    the application's tip
     * @param addressBook where misbehaviour is reported and bans are read
     * @param selector    the load-balancing strategy
     * @param listeners   hear every decision
     * @param demand      the demand signal
     * @param loopSpins   the loop's spins before it parks
     */
    public PeerSetContext(Scheduler scheduler, RandomGenerator random, Executor loop, ChainTip chainTip,
                          Optional<AddressBook> addressBook, PeerSelector selector, List<PeerSetListener> listeners,
                          Optional<PeerDemand> demand, int loopSpins) {
        this(scheduler, random, loop, chainTip, addressBook, selector, listeners, demand, loopSpins, Optional.empty());
    }

    /**
     * @param scheduler time and timers
     * @param random    the seeded source of randomness
     * @param loop      the executor of the set's loop (single-threaded)
     * @return a builder: unknown chain tip, no address book, power of two choices, no listeners,
     *         {@value CoreConstants#PEER_SET_LOOP_SPINS} loop spins
     */
    public static Builder builder(Scheduler scheduler, RandomGenerator random, Executor loop) {
        return new Builder(scheduler, random, loop);
    }

    /** Builds a {@link PeerSetContext}. Not thread-safe. */
    public static final class Builder {
        private final Scheduler scheduler;
        private final RandomGenerator random;
        private final Executor loop;
        private ChainTip chainTip = ChainTip.unknown();
        private Optional<UpgradeSchedule> upgrades = Optional.empty();
        private Optional<AddressBook> addressBook = Optional.empty();
        private PeerSelector selector = PowerOfTwoChoices.INSTANCE;
        private final List<PeerSetListener> listeners = new ArrayList<>();
        private Optional<PeerDemand> demand = Optional.empty();
        private int loopSpins = CoreConstants.PEER_SET_LOOP_SPINS;

        private Builder(Scheduler scheduler, RandomGenerator random, Executor loop) {
            this.scheduler = requireNonNull(scheduler, "scheduler");
            this.random = requireNonNull(random, "random");
            this.loop = requireNonNull(loop, "loop");
        }

        /**
         * @param tip the application's chain tip; default {@link ChainTip#unknown()}
         * @return this builder
         */
        public Builder chainTip(ChainTip tip) {
            this.chainTip = requireNonNull(tip, "tip");
            return this;
        }

        /**
         * @param schedule the minimum peer version of each upgrade; default the network's built-in ones
         * @return this builder
         */
        public Builder upgrades(UpgradeSchedule schedule) {
            this.upgrades = Optional.of(requireNonNull(schedule, "schedule"));
            return this;
        }

        /**
         * @param book the address book for misbehaviour and bans; default none
         * @return this builder
         */
        public Builder addressBook(AddressBook book) {
            this.addressBook = Optional.of(requireNonNull(book, "book"));
            return this;
        }

        /**
         * @param selector the load-balancing strategy; default {@link PowerOfTwoChoices}
         * @return this builder
         */
        public Builder selector(PeerSelector selector) {
            this.selector = requireNonNull(selector, "selector");
            return this;
        }

        /**
         * @param listener hears every decision
         * @return this builder
         */
        public Builder listener(PeerSetListener listener) {
            this.listeners.add(requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param demand where to signal demand; default a new one bounded by the outbound limit
         * @return this builder
         */
        public Builder demand(PeerDemand demand) {
            this.demand = Optional.of(requireNonNull(demand, "demand"));
            return this;
        }

        /**
         * @param spins polls of the empty inbox before the loop yields its thread; default
         *              {@value CoreConstants#PEER_SET_LOOP_SPINS}; 0 to yield at once (virtual time,
         *              or a machine where idle CPU matters more than latency); range &gt;= 0
         * @return this builder
         */
        public Builder loopSpins(int spins) {
            this.loopSpins = Checks.notNegative("loopSpins", spins);
            return this;
        }

        /** @return the context */
        public PeerSetContext build() {
            return new PeerSetContext(scheduler, random, loop, chainTip, addressBook, selector, listeners, demand,
                    loopSpins, upgrades);
        }
    }
}
