package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The runtime services an {@link AddressBook} uses: its only time source, its only randomness, and
 * the executor its single writer runs on.
 *
 * <p>Immutable; the components are shared and must be thread-safe, except {@code random}, which the
 * book only uses while holding its own lock.
 *
 * @param clock    the time source (DESIGN.md section 4)
 * @param random   the randomness for gossip shuffling
 * @param updater  runs the book's updater; must run tasks one at a time and in submission order
 *                 (a single-threaded executor, or the testkit's virtual scheduler)
 */
public record AddressBookContext(Clock clock, RandomGenerator random, Executor updater) {
    /** Validates. */
    public AddressBookContext {
        requireNonNull(clock, "clock");
        requireNonNull(random, "random");
        requireNonNull(updater, "updater");
    }
}
