package io.peerset.addressbook;

import io.peerset.api.PeerSetConstants;
import java.time.Duration;

/**
 * The address book's own limits, each with its reason. Limits shared with the rest of peerset live
 * in {@link PeerSetConstants}; their relations are tested in {@code AddressBookConstantsTest}.
 * Immutable values; thread-safe.
 */
public final class AddressBookConstants {

    /**
     * Changes waiting for the updater. Senders never block (a blocked connection thread could
     * deadlock with the updater), so the queue must absorb a start-up burst: a whole book of initial
     * and gossiped addresses fits. Beyond it changes are dropped, counted and logged; losing a
     * change is harmless because the next heartbeat, dial or crawl repeats it.
     */
    public static final int UPDATE_QUEUE_CAPACITY = PeerSetConstants.MAX_ADDRS_IN_ADDRESS_BOOK;

    /**
     * Changes the updater applies before it yields its executor, so other tasks on a shared
     * executor are not starved during a burst.
     */
    public static final int MAX_CHANGES_PER_BATCH = PeerSetConstants.MAX_ADDRS_IN_MESSAGE;

    /**
     * Changes applied under one hold of the write lock: a reader (a connection thread checking a
     * ban, a {@code getaddr} answer) waits at most for this many, tens of microseconds, while the
     * lock is taken only a few times per batch.
     */
    public static final int WRITE_STEP = 64;


    /**
     * Fewest removed-in-window addresses the book remembers, whatever its capacity: as many
     * attempts as the dialer can start within one reconnection window at its fastest pace (119 s /
     * 100 ms = 1190), so that a small book under eviction pressure cannot forget an address it handed
     * out and hand it out again within 119 s. About 100 KB at most; expired entries are dropped first.
     */
    public static final int MIN_REMOVED_IN_WINDOW_MEMORY = (int) (PeerSetConstants.MIN_PEER_RECONNECTION_DELAY.toMillis()
            / PeerSetConstants.MIN_OUTBOUND_PEER_CONNECTION_INTERVAL.toMillis());

    /** "Recently live" and the reconnection window are the same 119 s (reference 4.6, 4.8). */
    public static final Duration RECENTLY_LIVE = PeerSetConstants.MIN_PEER_RECONNECTION_DELAY;

    /**
     * First peer-cache write after start, and the retry interval until one write succeeds (reference
     * 3.3): soon enough to save the first peers of a short run, late enough to have some.
     */
    public static final Duration PEER_CACHE_RETRY_INTERVAL = Duration.ofSeconds(20);

    /**
     * Bytes of a peer cache file read at start-up; the rest is ignored (and the reading warns). The
     * reference writes at most {@link PeerSetConstants#MAX_PEER_DISK_CACHE_SIZE} (75) lines of at
     * most {@link #MAX_PEER_CACHE_LINE_BYTES} bytes, about 3.5 KiB (reference 3.3); 64 KiB leaves
     * room for a hand-edited file, while a wrong or runaway file cannot fill memory at start-up.
     */
    public static final int MAX_PEER_CACHE_FILE_BYTES = 64 * 1024;

    /**
     * The longest line the reference writes: {@code [ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535}
     * and its newline.
     */
    public static final int MAX_PEER_CACHE_LINE_BYTES = "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535\n".length();

    private AddressBookConstants() {
    }

    /**
     * Tables (issue 16 §1.3): a tried address that answered within this time keeps its slot against
     * a colliding newcomer; one attempted within it and not heard from since gives it up (Bitcoin
     * Core's {@code ADDRMAN_REPLACEMENT}).
     */
    public static final Duration TABLE_REPLACEMENT = Duration.ofHours(4);

    /** Tables: a tried-slot collision not settled by a feeler within this time evicts the occupant (Core's {@code ADDRMAN_TEST_WINDOW}). */
    public static final Duration TABLE_TEST_WINDOW = Duration.ofMinutes(40);

    /** Tables: collisions waiting for a feeler's test, at most (Core's {@code ADDRMAN_SET_TRIED_COLLISION_SIZE}). */
    public static final int MAX_TABLE_COLLISIONS = 10;

    /** Tables: a record attempted this recently is never terrible (it may be answering right now). */
    public static final Duration TABLE_RECENT_ATTEMPT = Duration.ofMinutes(1);

    /** Tables: a record whose claimed last-seen time is older than this is terrible (Core: 30 days). */
    public static final Duration TABLE_HORIZON = Duration.ofDays(30);

    /**
     * The "no peers" status log (reference section 4.8) repeats at most this often: often enough to
     * be seen in a log an operator tails, rarely enough not to flood it while offline.
     */
    public static final Duration NO_PEERS_LOG_INTERVAL = Duration.ofSeconds(60);
}
