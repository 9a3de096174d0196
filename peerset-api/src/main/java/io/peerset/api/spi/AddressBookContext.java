package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The runtime services an {@link AddressBook} (and a {@link CandidateSource}) uses: its only time
 * source and timers, its only randomness, the executor its single writer runs on, and an executor
 * for blocking file I/O, and where state that outlives the node is kept.
 *
 * <p>Immutable; the components are shared and must be thread-safe, except {@code random}, which
 * the book only uses while holding its own lock.
 *
 * @param scheduler the time source and timers (DESIGN.md section 4)
 * @param random    the randomness for gossip shuffling and temporary file names
 * @param updater   runs the book's updater; must run tasks one at a time and in submission order
 *                  (a single-threaded executor, or the testkit's virtual scheduler)
 * @param blocking  runs blocking work (peer cache reads and writes); may be the same as
 *                  {@code updater} in tests
 * @param storage   where the peer cache is kept; empty: in a file under the configured cache
 *                  directory, if any ({@link NodeStorage})
 */
public record AddressBookContext(Scheduler scheduler, RandomGenerator random, Executor updater,
                                 Executor blocking, Optional<NodeStorage> storage) {
    /** Validates. */
    public AddressBookContext {
        requireNonNull(scheduler, "scheduler");
        requireNonNull(random, "random");
        requireNonNull(updater, "updater");
        requireNonNull(blocking, "blocking");
        requireNonNull(storage, "storage");
    }

    /**
     * A context whose peer cache is a file under the configured cache directory.
     *
     * @param scheduler the time source and timers
     * @param random    the randomness
     * @param updater   runs the book's updater
     * @param blocking  runs blocking work
     */
    public AddressBookContext(Scheduler scheduler, RandomGenerator random, Executor updater, Executor blocking) {
        this(scheduler, random, updater, blocking, Optional.empty());
    }

    /** @return the time source, the {@link #scheduler()} itself */
    public Clock clock() {
        return scheduler;
    }
}
