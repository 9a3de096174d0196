package io.peerset.core.set;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.core.common.CoreConstants;
import io.peerset.wire.PeerAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Misbehaviour reports batched per address between flushes (reference 4.13): scores add up, the
 * last reason wins, and each flush sends one {@code UpdateMisbehavior} per address to the address
 * book, which bans at the limit. At most {@link CoreConstants#MISBEHAVIOR_QUEUE_CAPACITY} addresses
 * wait (reference 1.2's channel capacity); reports for more are dropped and counted.
 *
 * <p>Thread-safe: reports come from connections' threads, flushes from a timer or the loop.
 */
final class MisbehaviorBatch {

    private static final Logger log = LoggerFactory.getLogger(MisbehaviorBatch.class);

    /** Misbehaviour reported for one address since the last flush: the summed score and the last reason. */
    private record Misbehavior(long score, String reason) {
    }

    private final ConcurrentHashMap<PeerAddress, Misbehavior> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Optional<AddressBook> book;

    MisbehaviorBatch(Optional<AddressBook> book) {
        this.book = requireNonNull(book, "book");
    }

    void report(PeerAddress address, int increment, String reason) {
        if (!pending.containsKey(address) && pending.size() >= CoreConstants.MISBEHAVIOR_QUEUE_CAPACITY) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.warn("peer set: dropped {} misbehaviour report(s): {} addresses already waiting for the next flush",
                        n, CoreConstants.MISBEHAVIOR_QUEUE_CAPACITY);
            }
            return;
        }
        pending.merge(address, new Misbehavior(increment, reason),
                (a, b) -> new Misbehavior(Math.min(a.score() + b.score(), Integer.MAX_VALUE), b.reason()));
    }

    /** Sends the batched reports to the address book (dropped without one). */
    void flush() {
        for (PeerAddress address : pending.keySet()) {
            Misbehavior reported = pending.remove(address); // atomic: a concurrent report starts a new entry
            if (reported != null && book.isPresent()) {
                try {
                    book.get().submit(new AddressChange.UpdateMisbehavior(address,
                            (int) Math.min(reported.score(), Integer.MAX_VALUE), reported.reason()));
                } catch (RuntimeException e) {
                    log.warn("peer set: the address book refused a misbehaviour report", e);
                }
            }
        }
    }
}
