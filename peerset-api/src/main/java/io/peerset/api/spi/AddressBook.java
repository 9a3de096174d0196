package io.peerset.api.spi;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.BannedIp;
import io.peerset.api.NodeEvent;
import io.peerset.api.Subnet;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The address book: one record per known peer address, the reconnection order, gossip answers and
 * IP bans (reference section 4). The peer set, the crawler, the dialer and the listener share one
 * book.
 *
 * <p>Threading: every method may be called from any thread and none blocks. Writes go through one
 * updater that owns the records ({@link #submit} enqueues; {@link #nextReconnectCandidate} is
 * answered by the updater). Reads ({@link #snapshot}, {@link #size}, {@link #recentlyLivePeers},
 * {@link #freshGetAddrResponse}, {@link #isBanned}) see the state after the last completed batch of
 * changes, never a half-applied one.
 */
public interface AddressBook extends AutoCloseable {

    /**
     * Hands a change to the updater without blocking. A change the bounded queue cannot take, or
     * one submitted after {@link #close()}, is dropped and counted in {@link #droppedChanges()}.
     *
     * @param change the change
     * @return whether it was queued
     */
    boolean submit(AddressChange change);

    /**
     * Takes the first record that is ready for an outbound attempt (reference section 4.6) and marks
     * it {@link io.peerset.api.PeerAddrState#ATTEMPT_PENDING} in the same step, so concurrent callers never receive
     * the same address.
     *
     * <p>The future completes on the updater's thread: dependent stages must not block (use the
     * {@code *Async} variants to move work elsewhere). When the queue is full it completes at once
     * with empty, as if nothing were ready.
     *
     * @return a future of the updated record, or of empty if no record is ready now; completed
     *         exceptionally if the book is closed
     */
    CompletableFuture<Optional<AddressBookEntry>> nextReconnectCandidate();

    /**
     * As {@link #nextReconnectCandidate()}, but takes the first ready record that {@code accept}
     * accepts; the records it refuses stay ready, unchanged, for later requests. This is how the
     * dialler keeps its outbound peers in distinct {@link io.peerset.api.Netgroup}s (issue 16): the
     * predicate may reserve the address's group when it accepts, which then happens in the same step
     * as the record's marking.
     *
     * <p>{@code accept} runs on the updater's thread, for ready records in reconnection order, until
     * it accepts one (it is asked nothing more after that); it must be quick and must not call the
     * book. If it throws, the future completes exceptionally and nothing is taken.
     *
     * <p>The default answers that this book cannot filter: a book that cannot must not ignore the
     * predicate, since the caller relies on it for a security property. The caller then decides
     * (the crawler dials unfiltered and says so once in the log).
     *
     * @param accept which addresses the caller can take now
     * @return a future of the updated record, or of empty if no accepted record is ready now
     * @throws UnsupportedOperationException if this book cannot filter candidates
     */
    default CompletableFuture<Optional<AddressBookEntry>> nextReconnectCandidate(Predicate<? super PeerAddress> accept) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot filter reconnection candidates");
    }

    /**
     * The address a <em>feeler</em> connection should test now (issue 16 §1.3, beyond the
     * reference), marked attempt-pending like a reconnection candidate: the occupant of a tried-table
     * slot a newcomer collided with (test before evicting it), else an untried address (so that
     * addresses which answer move to the tried table). The caller dials it, completes the handshake
     * (the book hears the outcome as for any connection) and hangs up at once; a feeler takes no
     * outbound slot. A book without tables answers empty, which is the default.
     *
     * @return a future of the record to test, or of empty if there is none
     */
    default CompletableFuture<Optional<AddressBookEntry>> nextFeeler() {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /**
     * @return a sanitised, shuffled answer to a {@code getaddr} request (reference section 4.9):
     *         at most {@code min(1000, ceil(n / 2))} of the {@code n} gossipable records, last-seen
     *         times truncated to 30 minutes
     */
    List<AddressEntry> freshGetAddrResponse();

    /** @return a consistent copy of all records and bans */
    AddressBookSnapshot snapshot();

    /** @return the number of records */
    int size();

    /** @return the records that responded within the reconnection delay (119 s) */
    List<AddressBookEntry> recentlyLivePeers();

    /**
     * @param address an address
     * @return the record for it, if there is one
     */
    Optional<AddressBookEntry> entry(PeerAddress address);

    /**
     * @param ip an IP (canonicalised by the caller, for example through {@link PeerAddress})
     * @return whether the IP is banned now
     */
    boolean isBanned(InetAddress ip);

    /**
     * An operator's ban (issue 17, {@code PeerSetNode.ban}): {@code block} is banned for
     * {@code length}, whatever the misbehaviour rule, and every record inside it leaves the book; a
     * ban of one IPv6 address covers its /64. The book keeps it with its other bans (and in its ban
     * file, when it has one); it counts in {@link #bansIssued()}.
     *
     * <p>The default refuses: a book written before operator bans existed keeps working without them.
     *
     * @param block  the address or block
     * @param length how long; 1 s to 3,650 days
     * @param reason why, in the operator's words (kept as printable ASCII, cut to
     *               {@link BannedIp#MAX_REASON_LENGTH})
     * @return completes with the ban once it is in force; exceptionally with
     *         {@link IllegalArgumentException} for a duration out of range,
     *         {@link IllegalStateException} when too many blocks are banned or the book is closed,
     *         {@link UnsupportedOperationException} when the book has no operator bans
     */
    default CompletableFuture<BannedIp> ban(Subnet block, Duration length, String reason) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getName()
                + " has no operator bans"));
    }

    /** @return the bans in force now (the default copies a whole {@link #snapshot()}: override it) */
    default List<BannedIp> bans() {
        return snapshot().bans();
    }

    /**
     * Ends an operator's ban of {@code block} (the same block given to {@link #ban}; one IPv6 address
     * names its /64), or the misbehaviour ban of one address.
     *
     * @param block the address or block
     * @return completes with whether a ban ended
     */
    default CompletableFuture<Boolean> unban(Subnet block) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getName()
                + " has no operator bans"));
    }

    /**
     * How many bans this book has issued since it was created, expired ones included: a counter that
     * grows with each ban and changes no other way, visible only once {@link #isBanned} reports the
     * ban it counts. It lets a reader that acts on bans (the peer set, which removes idle peers of a
     * banned IP) skip its check of every peer while no ban was issued: with thousands of simulated
     * nodes, a check per peer per second dominates otherwise.
     *
     * @return the count, or empty if this book does not count bans (the default: readers then check
     *         every time)
     */
    default OptionalLong bansIssued() {
        return OptionalLong.empty();
    }

    /**
     * Starts background work: writing the peer cache file (reference section 3.3) when a cache
     * directory is configured. Idempotent; does nothing after {@link #close()}.
     */
    void start();

    /**
     * Adds a listener for what the book does: records created or changing state, records removed
     * (evicted, banned), IPs banned. Events are delivered on the updater's thread after each batch
     * of changes, in the order they were applied and after readers can see them; a listener must
     * return quickly, must not block and must not call back into the book's writers. A listener
     * that throws is logged and kept. With no listener the book records no events.
     *
     * @param listener the listener
     */
    void addListener(Consumer<? super NodeEvent.AddressBookEvent> listener);

    /** @param listener a listener added before; removing an unknown one does nothing */
    void removeListener(Consumer<? super NodeEvent.AddressBookEvent> listener);

    /** @return how many changes were dropped because the queue was full or the book closed */
    long droppedChanges();

    /** Stops accepting changes and background work; queued changes are discarded. Idempotent. */
    @Override
    void close();
}
