package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.BannedIp;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.Subnet;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one address book and the single write path (reference section 4.5), with the
 * indexes that keep every operation O(log n) or better at 100,000 records.
 *
 * <p>Indexes (the records are their own nodes, see {@link RecordTree}; nothing is allocated per
 * index entry):
 * <ul>
 *   <li>{@code byIp}: a hash map from each IP to a chain of its records (almost always one), which
 *       serves both look-ups by address and the per-IP rules (bans remove every record of an IP);</li>
 *   <li>{@code order}: every record in reconnection order, so eviction takes the last one and
 *       snapshots walk it in order without sorting;</li>
 *   <li>{@code ready} (reconnection order) and {@code cooling} (by the end of the record's 119 s
 *       window): a record that may be dialled is in exactly one of them; records that can never be
 *       candidates (inbound ephemeral addresses, services without {@code NODE_NETWORK}, failed
 *       peers not seen for 3 days) are in neither. {@link #nextCandidate} moves the cooled records
 *       over and takes the first ready one. A record skipped by the same-IP filter goes back to
 *       cooling until that IP's hold ends, so no record is walked over twice;</li>
 *   <li>{@code gossip}: an array of the records gossip may offer, sampled at random by
 *       {@link #gossipAnswer} (a {@link GossipPool}).</li>
 * </ul>
 *
 * <p>With bucketed tables ({@link AddressBookConfig#addressTables()}, issue 16 §1.3; off for the
 * reference): every dialable record also sits in one slot of the {@link AddressTables}. A new
 * address whose slot holds a record that is not terrible is refused (an address we connected to
 * ourselves takes the slot whatever holds it); an address that answers moves to its tried slot, or,
 * when that holds a healthy record, waits in {@code collisions} for a feeler to test the occupant
 * (test-before-evict). Ready records then wait in two trees: {@code ready} (untried, in the tables'
 * secret random rank after the reference's attempt and failure times, so a claimed last-seen time
 * buys no place) and {@code readyTried} (reconnection order); a selection takes either with equal
 * chance, as Core's.
 *
 * <p>What outlives the records has its own class: the {@link BanList} and the memory of addresses
 * removed inside their reconnection window ({@link RemovedInWindow}).
 *
 * <p>A change replaces the record (records are immutable values): the old one leaves every index
 * in O(1) amortised rebalancing, the new one enters in O(log n).
 *
 * <p>Events: when an event sink is set ({@link #eventSink}), every record created or changing state
 * (through {@link #update} or {@link #nextCandidate}) appends a {@link NodeEvent.AddressStateChanged},
 * every record removed (capacity eviction, ban, an inbound connection's end) a {@link NodeEvent.AddressRemoved}, and every ban an
 * {@link NodeEvent.IpBanned} before the removals of its IP's records, in the order the book applies
 * them, so replaying the events from an empty book gives the records' addresses and states. Moves
 * between the internal indexes (cooling, ready, dropping a stale failed record from the candidates)
 * change no state and are not reported. With no sink (the default) nothing is allocated for events.
 *
 * <p>Not thread-safe: owned by one writer ({@link DefaultAddressBook}); readers need the writer's
 * lock.
 */
final class AddressBookState {

    private static final Logger log = LoggerFactory.getLogger(AddressBookState.class);
    private static final long RECONNECTION_NANOS = PeerSetConstants.MIN_PEER_RECONNECTION_DELAY.toNanos();
    private static final int READY = 1;
    private static final int COOLING = 2;
    private static final int READY_TRIED = 3;
    private static final long RECENT_ATTEMPT_NANOS = AddressBookConstants.TABLE_RECENT_ATTEMPT.toNanos();
    private static final long REPLACEMENT_NANOS = AddressBookConstants.TABLE_REPLACEMENT.toNanos();
    private static final long TEST_WINDOW_NANOS = AddressBookConstants.TABLE_TEST_WINDOW.toNanos();
    private static final long HORIZON_SECONDS = AddressBookConstants.TABLE_HORIZON.toSeconds();
    private static final long FUTURE_SLACK_SECONDS = 600;
    private static final long RECENT_PEER_SECONDS = PeerSetConstants.MAX_RECENT_PEER_AGE.toSeconds();

    /**
     * The untried records' order with tables: the reference's state and local times first (its
     * reconnection windows and retry order stay), then the tables' secret rank instead of the
     * claimed last-seen time, which any peer can set to "now".
     */
    private static final Comparator<MetaAddr> UNTRIED_ORDER = (a, b) -> {
        if (a == b) {
            return 0;
        }
        int c = Integer.compare(a.state.reconnectionRank(), b.state.reconnectionRank());
        if (c == 0) {
            c = Long.compare(a.lastAttempt, b.lastAttempt);
        }
        if (c == 0) {
            c = Long.compare(a.lastFailure, b.lastFailure);
        }
        if (c == 0) {
            c = Long.compare(a.lastResponseSeconds, b.lastResponseSeconds);
        }
        if (c == 0) {
            c = Integer.compare(a.rank, b.rank);
        }
        return c != 0 ? c : ReconnectionOrder.INSTANCE.compare(a, b);
    };

    private final AddressBookConfig config;
    private final HashMap<InetAddress, MetaAddr> byIp = new HashMap<>();
    private final int[] countByState = new int[PeerAddrState.values().length];
    private final RecordTree order = new RecordTree(RecordTree.Links.ORDER, 0, ReconnectionOrder.INSTANCE);
    private final RecordTree ready;
    /** With tables: the ready records of the tried table (reconnection order); empty otherwise. */
    private final RecordTree readyTried = new RecordTree(RecordTree.Links.WAIT, READY_TRIED, ReconnectionOrder.INSTANCE);
    /** The bucketed tables, or null for the reference's single list. */
    private final AddressTables tables;
    /** Records with at least this misbehaviour score are never dialled (0: never, the reference). */
    private final int discourageScore;
    /** With tables: newcomers whose tried slot a healthy record holds, with when they collided (insertion order). */
    private final LinkedHashMap<PeerAddress, Long> collisions = new LinkedHashMap<>();
    /** Chooses between the tried and the new table (writer only). */
    private final RandomGenerator random;
    /** New addresses the tables refused (their slot held a record that is not terrible). */
    private long refusedByTables;
    private final RecordTree cooling = new RecordTree(RecordTree.Links.WAIT, COOLING, (a, b) -> {
        int c = Long.compare(a.coolUntil, b.coolUntil);
        return c != 0 ? c : ReconnectionOrder.INSTANCE.compare(a, b);
    });
    private final GossipPool gossip = new GossipPool();
    /**
     * Monotonic time of the latest response from each IP (only when max_connections_per_ip is 1),
     * in a mutable cell: it moves on every heartbeat of every connection, and a boxed value put back
     * each time was a twentieth of a simulated network's time.
     */
    private final Map<InetAddress, long[]> lastResponseByIp = new HashMap<>();
    /** Records removed (evicted or banned) inside their reconnection window: not recreated by gossip until it ends. */
    private final RemovedInWindow removedInWindow;
    private final BanList bans;
    /** Bans issued since creation (AddressBook.bansIssued). */
    private long bansIssued;
    /** Bans ended by the operator (with bansIssued: when the ban file is due a write). */
    private long unbans;
    /** Where events go, or null to record none. */
    private List<NodeEvent.AddressBookEvent> events;

    /**
     * For tests: with tables, a fixed key (0, 0) and a fixed random seed, so runs repeat.
     *
     * @param config the settings
     */
    AddressBookState(AddressBookConfig config) {
        this(config, 0, 0, new SplittableRandom(0));
    }

    /**
     * @param config the settings
     * @param k0     the tables' secret key, first half (unused without tables)
     * @param k1     the tables' secret key, second half
     * @param random chooses between the tables (writer only)
     */
    AddressBookState(AddressBookConfig config, long k0, long k1, RandomGenerator random) {
        this.config = requireNonNull(config, "config");
        this.random = requireNonNull(random, "random");
        this.discourageScore = config.discourageScore();
        this.tables = config.addressTables() ? new AddressTables(config.capacity(), k0, k1, config.netgroups()) : null;
        this.ready = new RecordTree(RecordTree.Links.WAIT, READY,
                tables != null ? UNTRIED_ORDER : ReconnectionOrder.INSTANCE);
        this.removedInWindow = new RemovedInWindow(config.capacity());
        this.bans = new BanList(config.banDuration(), config.maxBannedIps());
    }

    /**
     * Sets where the following changes report their events (appended in the order applied), or
     * stops reporting them.
     *
     * @param sink the list to append to, or null to record no events
     */
    void eventSink(List<NodeEvent.AddressBookEvent> sink) {
        this.events = sink;
    }

    int size() {
        return order.size();
    }

    Optional<MetaAddr> get(PeerAddress address) {
        return Optional.ofNullable(find(address));
    }

    private MetaAddr find(PeerAddress address) {
        MetaAddr r = byIp.get(address.ip());
        while (r != null && r.port != address.port()) {
            r = r.nextSameIp;
        }
        return r;
    }

    /** @return every record in reconnection order; O(n) */
    List<MetaAddr> inReconnectionOrder() {
        List<MetaAddr> out = new ArrayList<>(order.size());
        for (MetaAddr r = order.first(); r != null; r = order.next(r)) {
            out.add(r);
        }
        return out;
    }

    /**
     * @param nanosNow the monotonic time
     * @return the records in state {@code RESPONDED} whose last response is within 119 s (reference
     *         4.8 "recently live"), in reconnection order; walks only the responded records, which
     *         sort first
     */
    List<MetaAddr> recentlyLive(long nanosNow) {
        List<MetaAddr> out = new ArrayList<>();
        for (MetaAddr r = order.first(); r != null && r.state == PeerAddrState.RESPONDED; r = order.next(r)) {
            if (r.lastResponseNanos != MetaAddr.NONE && nanosNow - r.lastResponseNanos
                    < AddressBookConstants.RECENTLY_LIVE.toNanos()) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return the current bans, oldest first (expires the ended ones) */
    List<BannedIp> bans(Instant wallNow) {
        return bans.all(wallNow);
    }

    /** Puts back bans kept from an earlier run (see {@link BanList#restore}); before any change. */
    void restoreBans(List<BannedIp> kept, Instant wallNow) {
        bans.restore(kept, wallNow);
    }

    /** For readers: does not expire anything. @return the bans in force at {@code wallNow}, oldest first */
    List<BannedIp> bansInForce(Instant wallNow) {
        return bans.inForce(wallNow);
    }

    /** For readers: does not expire anything. @return whether {@code ip} is banned at {@code wallNow} */
    boolean isBannedAt(InetAddress ip, Instant wallNow) {
        return bans.inForceAt(ip, wallNow);
    }

    /** @return the bans issued since this state was created, expired ones included */
    long bansIssued() {
        return bansIssued;
    }

    /** @return a count that changes with every ban and unban (when the ban file is due a write) */
    long bansVersion() {
        return bansIssued + unbans;
    }

    /**
     * An operator's ban (issue 17): bans {@code block} and removes every record inside it.
     *
     * @return the ban
     * @throws IllegalArgumentException if the duration is out of range
     * @throws IllegalStateException    if too many blocks are banned already
     */
    BannedIp banByOperator(Subnet block, Duration length, String reason, Instant wallNow, long nanosNow) {
        BannedIp ban = bans.banByOperator(block, length, reason, wallNow);
        bansIssued++;
        Subnet covered = ban.subnet();
        List<InetAddress> inside = new ArrayList<>();
        for (InetAddress ip : byIp.keySet()) { // a scan, as rare as an operator's command
            if (covered.contains(ip)) {
                inside.add(ip);
            }
        }
        removeBanned(inside, nanosNow);
        log.info("banned {} until {} by the operator: {}", covered, ban.expiresAt(), ban.reason());
        return ban;
    }

    /**
     * Ends an operator's ban of {@code block}, or the misbehaviour ban of one address.
     *
     * @return whether a ban ended
     */
    boolean unban(Subnet block) {
        boolean ended = bans.unban(block);
        if (ended) {
            unbans++;
            log.info("unbanned {}", BanList.widened(block));
        }
        return ended;
    }

    /** For the writer: expires the ended bans. @return whether {@code ip} is banned */
    boolean isBanned(InetAddress ip, Instant wallNow) {
        return bans.isBanned(ip, wallNow);
    }

    /**
     * The single write path (reference 4.5).
     *
     * @param change   the change
     * @param wallNow  when it was made (wall clock)
     * @param nanosNow when it was made (monotonic)
     * @return whether the book changed (an applied change or a ban)
     */
    boolean update(AddressChange change, Instant wallNow, long nanosNow) {
        PeerAddress address = change.address();
        InetAddress ip = address.ip();
        if (isBanned(ip, wallNow)) {
            log.debug("ignoring a change for banned IP {}", address.redacted());
            return false;
        }
        MetaAddr prev = find(address);
        // A misbehaviour report is never held back: it creates no record, and one at the limit must
        // ban an IP even if its record was just evicted.
        if (prev == null && !setsLocalTime(change) && !(change instanceof AddressChange.UpdateMisbehavior)
                && removedInWindow.holdsBack(address, nanosNow)) {
            return false;
        }
        if (change instanceof AddressChange.UpdateFailed f && (f.inbound() || (prev != null && prev.inbound()))) {
            return inboundEnded(f, prev, wallNow.getEpochSecond(), nanosNow);
        }
        MetaAddr next;
        if (change instanceof AddressChange.UpdateMisbehavior m) {
            if (prev == null) {
                // Appendix A.10: a report alone never creates a record (upstream inserts it as
                // Responded); a single report at the limit still bans the IP.
                if (m.increment() >= PeerSetConstants.MAX_PEER_MISBEHAVIOR_SCORE) {
                    ban(address, m.increment(), m.reason(), wallNow, nanosNow);
                    return true;
                }
                return false;
            }
            next = prev.withMisbehavior(m.increment(), nanosNow);
        } else {
            next = MetaAddr.applyOrNull(prev, change, wallNow.getEpochSecond(), nanosNow);
            if (next == null) {
                return false;
            }
        }
        if (next.misbehaviorScore >= PeerSetConstants.MAX_PEER_MISBEHAVIOR_SCORE) {
            // Only a misbehaviour report raises the score, and a record at the limit is never stored.
            ban(address, next.misbehaviorScore,
                    change instanceof AddressChange.UpdateMisbehavior m ? m.reason() : "misbehaviour", wallNow, nanosNow);
            return true;
        }
        if (discourageScore > 0 && events != null && change instanceof AddressChange.UpdateMisbehavior m
                && prev.misbehaviorScore < discourageScore && next.misbehaviorScore >= discourageScore) {
            // issue 16 §1.9: the step that makes the address undialled, ungossiped and evicted first
            events.add(new NodeEvent.AddressDiscouraged(address, next.misbehaviorScore, m.reason()));
        }
        // A stored address was valid when it was stored (same network): only new ones are checked.
        if (prev == null && !config.network().isValidForOutbound(address)) {
            return false;
        }
        if (next.state.isNeverAttempted() && next.servicesKnown()
                && (next.servicesBits & PeerServices.NODE_NETWORK) == 0) {
            return false;
        }
        if (config.maxConnectionsPerIp() == 1 && next.state == PeerAddrState.RESPONDED
                && next.lastResponseNanos != MetaAddr.NONE) {
            long[] stored = lastResponseByIp.get(ip);
            if (stored == null) {
                lastResponseByIp.put(ip, new long[] {next.lastResponseNanos});
            } else if (next.lastResponseNanos > stored[0]) {
                stored[0] = next.lastResponseNanos;
            }
        }
        if (prev != null) {
            replace(prev, next, wallNow.getEpochSecond(), nanosNow);
        } else {
            if (tables != null && isCandidateKind(next) && !admit(next, change, wallNow.getEpochSecond(), nanosNow)) {
                refusedByTables++;
                return false;
            }
            index(next);
            if (events != null) {
                events.add(new NodeEvent.AddressStateChanged(address, Optional.empty(), next.state));
            }
            while (order.size() > config.capacity()) {
                MetaAddr evicted = order.last(); // may be the record just created
                rememberWindow(evicted, nanosNow);
                unindex(evicted);
                cleanIp(evicted.address.ip());
                if (events != null) {
                    events.add(new NodeEvent.AddressRemoved(evicted.address, evicted.state,
                            NodeEvent.AddressRemovalCause.EVICTED));
                }
            }
        }
        return true;
    }

    /**
     * A connection to an inbound record's address ended (Appendix A.4, deviation from reference
     * 4.3/4.12, which keep the record as failed): the record is the remote's ephemeral address, never
     * dialled nor gossiped, so it leaves the book ({@code INBOUND_CLOSED}) instead of piling up, one
     * per reconnection, until capacity evicts it. Its IP's "probably still connected" hold (4.6) goes
     * with it if no other record has that IP: the connection has ended.
     *
     * <p>Kept, and marked failed as upstream, when it has a misbehaviour score: reports are batched
     * for 30 s (4.13) and a report below the limit creates no record (Appendix A.10), so removing it
     * would let a peer shed its score by hanging up before the next flush (security).
     *
     * <p>The end of an inbound connection never creates a record (its record was evicted, or never
     * stored) and never touches a record that is not inbound (a listener record of the same
     * address: the connection that ended was not to it).
     */
    private boolean inboundEnded(AddressChange.UpdateFailed f, MetaAddr prev, long wallSeconds, long nanosNow) {
        if (prev == null || !prev.inbound()) {
            return false;
        }
        if (prev.misbehaviorScore > 0) {
            MetaAddr failed = MetaAddr.applyOrNull(prev, f, wallSeconds, nanosNow);
            if (failed == null) {
                return false;
            }
            replace(prev, failed, wallSeconds, nanosNow);
            return true;
        }
        unindex(prev);
        cleanIp(prev.address.ip());
        if (events != null) {
            events.add(new NodeEvent.AddressRemoved(prev.address, prev.state, NodeEvent.AddressRemovalCause.INBOUND_CLOSED));
        }
        return true;
    }

    /**
     * Takes the first record ready for an attempt (reference 4.6) and marks it attempt-pending.
     *
     * @param wallNow  the wall-clock time
     * @param nanosNow the monotonic time
     * @return the updated record, if any was ready
     */
    Optional<MetaAddr> nextCandidate(Instant wallNow, long nanosNow) {
        return Optional.ofNullable(nextCandidateOrNull(wallNow, nanosNow, a -> true));
    }

    /**
     * {@link #nextCandidate} without the {@code Optional}, taking the first ready record that
     * {@code accept} accepts: the ones it refuses stay ready, untouched, for a later request.
     *
     * @param accept asked about ready records in reconnection order until it accepts one (it may
     *               reserve something for the address it accepts: it is asked nothing more then)
     */
    MetaAddr nextCandidateOrNull(Instant wallNow, long nanosNow, Predicate<? super PeerAddress> accept) {
        moveCooled(nanosNow);
        if (tables == null) {
            return walk(ready, wallNow, nanosNow, accept);
        }
        // Core's Select: the tried and the new table with equal chance, the other when one has nothing
        boolean triedFirst = readyTried.size() > 0 && (ready.size() == 0 || random.nextBoolean());
        MetaAddr c = walk(triedFirst ? readyTried : ready, wallNow, nanosNow, accept);
        return c != null ? c : walk(triedFirst ? ready : readyTried, wallNow, nanosNow, accept);
    }

    /** Moves the records whose window has ended from the cooling tree to their ready tree. */
    private void moveCooled(long nanosNow) {
        for (MetaAddr f = cooling.first(); f != null && f.coolUntil <= nanosNow; f = cooling.first()) {
            cooling.remove(f);
            readyTree(f).insert(f);
        }
    }

    /** The reference's candidate walk over one ready tree: takes and marks the first record {@code accept} accepts. */
    private MetaAddr walk(RecordTree tree, Instant wallNow, long nanosNow, Predicate<? super PeerAddress> accept) {
        long reachableSince = secondsThreshold(wallNow.minus(PeerSetConstants.MAX_RECENT_PEER_AGE));
        MetaAddr c = tree.first();
        while (c != null) {
            long lastSeen = c.lastSeenSeconds();
            if (c.state == PeerAddrState.FAILED && lastSeen != MetaAddr.NONE && lastSeen < reachableSince) {
                MetaAddr following = tree.next(c);
                tree.remove(c); // not probably reachable, and only a new change can make it so again
                c = following;
                continue;
            }
            if (config.maxConnectionsPerIp() == 1 && !lastResponseByIp.isEmpty()) {
                long[] responded = lastResponseByIp.get(c.address.ip());
                if (responded != null && nanosNow - responded[0] < RECONNECTION_NANOS) {
                    // We probably still have a connection to that IP: wait until its hold ends.
                    MetaAddr following = tree.next(c);
                    tree.remove(c);
                    c.coolUntil = responded[0] + RECONNECTION_NANOS;
                    cooling.insert(c);
                    c = following;
                    continue;
                }
            }
            MetaAddr attempted = MetaAddr.applyOrNull(c, new AddressChange.UpdateAttempt(c.address),
                    wallNow.getEpochSecond(), nanosNow);
            if (attempted == null) {
                c = tree.next(c); // cannot happen for a record outside every window; kept for the index's safety
                continue;
            }
            if (!accept.test(c.address)) {
                c = tree.next(c); // refused by the caller (its netgroup is full, for one): stays ready
                continue;
            }
            replace(c, attempted, wallNow.getEpochSecond(), nanosNow);
            return attempted;
        }
        return null;
    }

    /**
     * The record a feeler connection should test now, marked attempt-pending (see
     * {@link io.peerset.api.spi.AddressBook#nextFeeler()}): settles the tried-slot collisions whose
     * outcome is known (Core's {@code ResolveCollisions}), then takes the occupant of one still open
     * (Core's {@code SelectTriedCollision}), else the first ready untried record.
     *
     * @return the record, or null (always without tables)
     */
    MetaAddr nextFeelerOrNull(Instant wallNow, long nanosNow) {
        if (tables == null) {
            return null;
        }
        moveCooled(nanosNow);
        long wallSeconds = wallNow.getEpochSecond();
        MetaAddr test = null;
        for (Iterator<Map.Entry<PeerAddress, Long>> it = collisions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PeerAddress, Long> e = it.next();
            MetaAddr x = find(e.getKey());
            if (x == null || x.tableSlot < 0 || tables.isTried(x.tableSlot)) {
                it.remove(); // gone, or promoted meanwhile
                continue;
            }
            int t = tables.triedSlot(x.address);
            MetaAddr y = tables.at(t);
            if (y == null) {
                relocate(x, t);
                it.remove();
                continue;
            }
            if (y.lastAttempt != MetaAddr.NONE && nanosNow - y.lastAttempt < RECENT_ATTEMPT_NANOS) {
                continue; // its test may be running: give it a minute
            }
            if (y.lastResponseNanos != MetaAddr.NONE && nanosNow - y.lastResponseNanos < REPLACEMENT_NANOS) {
                it.remove(); // the occupant answers: it stays, the newcomer stays new
                continue;
            }
            if ((y.lastAttempt != MetaAddr.NONE && nanosNow - y.lastAttempt < REPLACEMENT_NANOS)
                    || nanosNow - e.getValue() > TEST_WINDOW_NANOS) {
                swapIntoTried(x, y, t, wallSeconds, nanosNow); // tried and silent since, or never settled
                it.remove();
                continue;
            }
            if (test == null && y.state != PeerAddrState.ATTEMPT_PENDING) {
                test = y;
            }
        }
        if (test != null) {
            MetaAddr attempted = MetaAddr.applyOrNull(test, new AddressChange.UpdateAttempt(test.address),
                    wallSeconds, nanosNow);
            if (attempted != null) {
                replace(test, attempted, wallSeconds, nanosNow);
                return attempted;
            }
        }
        return walk(ready, wallNow, nanosNow, a -> true);
    }

    /** @return the smallest whole second s such that every s' < s is before {@code t} */
    private static long secondsThreshold(Instant t) {
        return t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
    }

    /**
     * Whether the record would be yielded now by the reference's {@code reconnection_peers} (used by
     * tests as the specification of the index).
     */
    boolean isReadyForAttempt(MetaAddr r, Instant wallNow, long nanosNow) {
        if (!isCandidateKind(r) || nanosNow < readyAt(r)) {
            return false;
        }
        if (r.state == PeerAddrState.FAILED && r.lastSeen().isPresent()
                && r.lastSeen().get().isBefore(wallNow.minus(PeerSetConstants.MAX_RECENT_PEER_AGE))) {
            return false;
        }
        if (config.maxConnectionsPerIp() == 1) {
            long[] responded = lastResponseByIp.get(r.address.ip());
            return responded == null || nanosNow - responded[0] >= RECONNECTION_NANOS;
        }
        return true;
    }

    /**
     * A uniformly random {@code getaddr} answer (reference 4.9); see {@link Gossip#sample}.
     *
     * @param localListener our listener, offered as last seen now
     * @param wallNow       the wall-clock time
     * @param random        the source of randomness
     * @return the answer
     */
    List<AddressEntry> gossipAnswer(Optional<PeerAddress> localListener, Instant wallNow, RandomGenerator random) {
        return gossip.sample(config.network(), localListener, wallNow, random);
    }

    /**
     * Records that can ever be dialled: not inbound (Appendix A.4: an inbound record is the remote's
     * ephemeral port, not a listener), and last known information valid for outbound use (stored
     * addresses are always valid, so that is the services); beyond the reference, not discouraged
     * (a misbehaviour score of at least {@code discourage_score}, issue 16 §1.5).
     */
    private boolean isCandidateKind(MetaAddr r) {
        return !r.inbound() && r.servicesUnknownOrNetwork() && (discourageScore == 0 || r.misbehaviorScore < discourageScore);
    }

    /** Records gossip may offer, before the time-dependent 3 h rule (reference 4.9 step 1). */
    private boolean isGossipKind(MetaAddr r) {
        return isCandidateKind(r) && r.misbehaviorScore == 0 && r.lastSeenSeconds() != MetaAddr.NONE;
    }

    private static long readyAt(MetaAddr r) {
        long latest = r.latestLocalEvent();
        return latest == MetaAddr.NONE ? Long.MIN_VALUE : latest + RECONNECTION_NANOS;
    }

    /** @return how many records are in {@code state}; O(1), for the status log and metrics (section 4.8) */
    int count(PeerAddrState state) {
        return countByState[state.ordinal()];
    }

    // ---- indexes ----

    private void index(MetaAddr r) {
        r.nextSameIp = byIp.put(r.address.ip(), r);
        if (r.nextSameIp != null) {
            r.nextSameIp.chainHead(false);
        }
        r.chainHead(true);
        indexExceptIp(r);
        if (isGossipKind(r)) {
            gossip.add(r);
        }
    }

    private void indexExceptIp(MetaAddr r) {
        countByState[r.state.ordinal()]++;
        order.insert(r);
        if (isCandidateKind(r)) {
            long at = readyAt(r);
            if (at == Long.MIN_VALUE) {
                readyTree(r).insert(r);
            } else {
                r.coolUntil = at;
                cooling.insert(r);
            }
        }
    }

    private void unindex(MetaAddr r) {
        InetAddress ip = r.address.ip();
        if (r.chainHead()) {
            if (r.nextSameIp == null) {
                byIp.remove(ip);
            } else {
                byIp.put(ip, r.nextSameIp);
                r.nextSameIp.chainHead(true);
            }
            r.chainHead(false);
        } else {
            MetaAddr p = byIp.get(ip);
            while (p.nextSameIp != r) {
                p = p.nextSameIp;
            }
            p.nextSameIp = r.nextSameIp;
        }
        r.nextSameIp = null;
        unindexExceptIp(r);
        if (r.gossipIndex >= 0) {
            gossip.remove(r);
        }
        if (tables != null) {
            tables.remove(r);
        }
    }

    private void unindexExceptIp(MetaAddr r) {
        countByState[r.state.ordinal()]--;
        order.remove(r);
        removeFromWaitTree(r);
    }

    private void removeFromWaitTree(MetaAddr r) {
        switch (r.waitTree()) {
            case READY -> ready.remove(r);
            case READY_TRIED -> readyTried.remove(r);
            case COOLING -> cooling.remove(r);
            default -> { }
        }
    }

    /** @return the ready tree of {@code r}: the tried one for a record in a tried slot */
    private RecordTree readyTree(MetaAddr r) {
        return tables != null && r.tableSlot >= 0 && tables.isTried(r.tableSlot) ? readyTried : ready;
    }

    /**
     * {@link #unindexExceptIp}({@code prev}) then {@link #indexExceptIp}({@code next}), with the same
     * result, but a tree that holds both keeps {@code next} in {@code prev}'s node when the order
     * allows ({@link RecordTree#replace}): no search, no rebalancing.
     */
    private void reindexExceptIp(MetaAddr prev, MetaAddr next) {
        countByState[prev.state.ordinal()]--;
        countByState[next.state.ordinal()]++;
        order.replace(prev, next);
        int was = prev.waitTree();
        int to = 0;
        if (isCandidateKind(next)) {
            long at = readyAt(next);
            if (at == Long.MIN_VALUE) {
                to = readyTree(next) == readyTried ? READY_TRIED : READY;
            } else {
                next.coolUntil = at;
                to = COOLING;
            }
        }
        if (was != 0 && was == to) {
            waitTree(to).replace(prev, next);
            return;
        }
        removeFromWaitTree(prev);
        if (to != 0) {
            waitTree(to).insert(next);
        }
    }

    private RecordTree waitTree(int id) {
        return switch (id) {
            case READY -> ready;
            case READY_TRIED -> readyTried;
            default -> cooling;
        };
    }

    /**
     * Puts {@code next} where {@code prev} (same address) was, touching each index once; the one
     * place an existing record changes, so the one place a state change is reported.
     */
    private void replace(MetaAddr prev, MetaAddr next, long wallSeconds, long nanosNow) {
        if (tables != null) {
            next.rank = prev.rank;
            place(prev, next, wallSeconds, nanosNow);
        }
        reindexExceptIp(prev, next);
        InetAddress ip = prev.address.ip();
        next.nextSameIp = prev.nextSameIp;
        if (prev.chainHead()) {
            byIp.put(ip, next);
            next.chainHead(true);
            prev.chainHead(false);
        } else {
            MetaAddr p = byIp.get(ip);
            while (p.nextSameIp != prev) {
                p = p.nextSameIp;
            }
            p.nextSameIp = next;
        }
        prev.nextSameIp = null;
        boolean gossipable = isGossipKind(next);
        if (prev.gossipIndex >= 0 && gossipable) {
            gossip.replace(prev, next);
        } else if (prev.gossipIndex >= 0) {
            gossip.remove(prev);
        } else if (gossipable) {
            gossip.add(next);
        }
        if (events != null && prev.state != next.state) {
            events.add(new NodeEvent.AddressStateChanged(next.address, Optional.of(prev.state), next.state));
        }
    }

    // ---- tables (issue 16 §1.3) ----

    /**
     * Gives a record about to be created its slot: the tried one when it has answered and that slot
     * is free, else its new slot (as told by the change's source). The new slot's occupant is
     * evicted when it is terrible, or when the change is our own connection's (first-hand knowledge
     * beats gossip); otherwise the newcomer is refused.
     *
     * @return whether the record may be created (its slot is then taken)
     */
    private boolean admit(MetaAddr next, AddressChange change, long wallSeconds, long nanosNow) {
        PeerAddress address = next.address;
        next.rank = tables.rank(address);
        if (answered(next)) {
            int t = tables.triedSlot(address);
            MetaAddr y = tables.at(t);
            if (y != null && terrible(y, wallSeconds, nanosNow)) {
                tables.remove(y);
                reinsertAsNew(y, nanosNow);
                y = null;
            }
            if (y == null) {
                tables.put(t, next);
                return true;
            }
            if (collisions.size() < AddressBookConstants.MAX_TABLE_COLLISIONS) {
                collisions.putIfAbsent(address, nanosNow); // test before evicting: a feeler asks the occupant
            }
        }
        PeerAddress source = change instanceof AddressChange.NewGossiped g ? g.source().orElse(address) : address;
        int slot = tables.newSlot(address, source);
        MetaAddr occupant = tables.at(slot);
        if (occupant != null) {
            boolean firstHand = setsLocalTime(change);
            if (!firstHand && !terrible(occupant, wallSeconds, nanosNow)) {
                return false;
            }
            evict(occupant, nanosNow);
        }
        tables.put(slot, next);
        return true;
    }

    /**
     * Puts {@code next}, the new version of {@code prev}, in its slot: a tried record keeps its
     * slot; an untried one that has now answered moves to its tried slot (evicting a terrible
     * occupant back to the new table, or waiting for a feeler when the occupant is healthy); a
     * record that can no longer be dialled leaves the tables.
     */
    private void place(MetaAddr prev, MetaAddr next, long wallSeconds, long nanosNow) {
        int slot = prev.tableSlot;
        if (slot >= 0) {
            tables.remove(prev);
        }
        if (!isCandidateKind(next)) {
            return;
        }
        if (slot >= 0 && tables.isTried(slot)) {
            tables.put(slot, next);
            return;
        }
        if (answered(next)) {
            int t = tables.triedSlot(next.address);
            MetaAddr y = tables.at(t);
            if (y != null && terrible(y, wallSeconds, nanosNow)) {
                tables.remove(y);
                reinsertAsNew(y, nanosNow); // may take the newcomer's old slot: it is free now
                y = null;
            }
            if (y == null) {
                tables.put(t, next);
                collisions.remove(next.address);
                return;
            }
            if (collisions.size() < AddressBookConstants.MAX_TABLE_COLLISIONS) {
                collisions.putIfAbsent(next.address, nanosNow); // test before evicting: a feeler asks the occupant
            }
        }
        if (slot < 0) {
            // dialable again (or for the first time): our own knowledge, so it takes its slot
            slot = tables.newSlot(next.address, next.address);
            MetaAddr occupant = tables.at(slot);
            if (occupant != null) {
                evict(occupant, nanosNow);
            }
        }
        tables.put(slot, next);
    }

    /** Moves the indexed record {@code r} to the free {@code slot}, and to the ready tree of that table if it is ready. */
    private void relocate(MetaAddr r, int slot) {
        int was = r.waitTree();
        boolean isReady = was == READY || was == READY_TRIED;
        if (isReady) {
            removeFromWaitTree(r);
        }
        if (r.tableSlot >= 0) {
            tables.remove(r);
        }
        tables.put(slot, r);
        if (isReady) {
            readyTree(r).insert(r);
        }
    }

    /** Test-before-evict decided against the tried occupant {@code y}: {@code x} takes slot {@code t}, {@code y} goes back to the new table. */
    private void swapIntoTried(MetaAddr x, MetaAddr y, int t, long wallSeconds, long nanosNow) {
        tables.remove(y);
        relocate(x, t);
        reinsertAsNew(y, nanosNow);
    }

    /**
     * Puts the indexed record {@code y}, just taken out of its tried slot, in its new slot (as its
     * own source), evicting that slot's occupant: it answered once, which no gossiped address has
     * (Core's {@code MakeTried} likewise clears the slot).
     */
    private void reinsertAsNew(MetaAddr y, long nanosNow) {
        int slot = tables.newSlot(y.address, y.address);
        MetaAddr occupant = tables.at(slot);
        if (occupant != null) {
            evict(occupant, nanosNow);
        }
        relocate(y, slot);
    }

    /** Removes the record {@code r} from the book to free its slot ({@code EVICTED}). */
    private void evict(MetaAddr r, long nanosNow) {
        rememberWindow(r, nanosNow);
        unindex(r);
        cleanIp(r.address.ip());
        collisions.remove(r.address);
        if (events != null) {
            events.add(new NodeEvent.AddressRemoved(r.address, r.state, NodeEvent.AddressRemovalCause.EVICTED));
        }
    }

    /** @return whether the record has completed a handshake and is in the responded state */
    private static boolean answered(MetaAddr r) {
        return r.state == PeerAddrState.RESPONDED && r.lastResponseNanos != MetaAddr.NONE;
    }

    /**
     * Bitcoin Core's {@code IsTerrible}, with the book's fields (it keeps no attempt count): never a
     * record attempted within the last minute or being dialled; otherwise one that misbehaved,
     * claims to be seen more than 10 minutes in the future or was last seen over 30 days ago, or
     * failed without ever answering, or failed and last answered over 3 days ago (the reference's
     * "not probably reachable").
     */
    private static boolean terrible(MetaAddr r, long wallSeconds, long nanosNow) {
        if (r.state == PeerAddrState.ATTEMPT_PENDING
                || (r.lastAttempt != MetaAddr.NONE && nanosNow - r.lastAttempt < RECENT_ATTEMPT_NANOS)) {
            return false;
        }
        if (r.misbehaviorScore > 0) {
            return true;
        }
        long seen = r.lastSeenSeconds();
        if (seen != MetaAddr.NONE && (seen > wallSeconds + FUTURE_SLACK_SECONDS || seen < wallSeconds - HORIZON_SECONDS)) {
            return true;
        }
        return r.state == PeerAddrState.FAILED && (r.lastResponseSeconds == MetaAddr.NONE
                || r.lastResponseSeconds < wallSeconds - RECENT_PEER_SECONDS);
    }

    /** @return records in the new table; 0 without tables */
    int newTableSize() {
        return tables == null ? 0 : tables.newCount();
    }

    /** @return records in the tried table; 0 without tables */
    int triedTableSize() {
        return tables == null ? 0 : tables.triedCount();
    }

    /** @return new addresses refused because their slot held a record that is not terrible */
    long refusedByTables() {
        return refusedByTables;
    }

    /** @return tried-slot collisions waiting for a feeler */
    int pendingCollisions() {
        return collisions.size();
    }

    /** For tests: the tables, or null. */
    AddressTables tables() {
        return tables;
    }

    /**
     * Checks every index against the records (tests only; O(n log n)).
     *
     * @throws IllegalStateException if an index disagrees
     */
    void verify() {
        int n = order.verify();
        ready.verify();
        cooling.verify();
        int chained = 0;
        for (Map.Entry<InetAddress, MetaAddr> e : byIp.entrySet()) {
            for (MetaAddr r = e.getValue(); r != null; r = r.nextSameIp) {
                chained++;
                if (!r.address.ip().equals(e.getKey()) || !order.contains(r) || r.chainHead() != (r == e.getValue())) {
                    throw new IllegalStateException("bad chain at " + r);
                }
            }
        }
        readyTried.verify();
        int[] counts = new int[countByState.length];
        int waiting = 0;
        int slotted = 0;
        int gossipable = 0;
        for (MetaAddr r = order.first(); r != null; r = order.next(r)) {
            counts[r.state.ordinal()]++;
            if (r.waitTree() != 0) {
                waiting++;
                if (!isCandidateKind(r)) {
                    throw new IllegalStateException("never a candidate, yet waiting: " + r);
                }
            }
            if (isGossipKind(r) != (r.gossipIndex >= 0) || (r.gossipIndex >= 0 && !gossip.holds(r))) {
                throw new IllegalStateException("gossip index wrong for " + r);
            }
            gossipable += r.gossipIndex >= 0 ? 1 : 0;
            if (tables != null) {
                if (isCandidateKind(r) != (r.tableSlot >= 0) || (r.tableSlot >= 0 && tables.at(r.tableSlot) != r)) {
                    throw new IllegalStateException("table slot wrong for " + r);
                }
                if ((r.waitTree() == READY || r.waitTree() == READY_TRIED) && waitTree(r.waitTree()) != readyTree(r)) {
                    throw new IllegalStateException("ready in the wrong table's tree: " + r);
                }
                slotted += r.tableSlot >= 0 ? 1 : 0;
            }
        }
        if (tables != null && slotted != tables.newCount() + tables.triedCount()) {
            throw new IllegalStateException("tables hold " + (tables.newCount() + tables.triedCount()) + ", records "
                    + slotted);
        }
        if (chained != n || waiting != ready.size() + readyTried.size() + cooling.size() || gossipable != gossip.size()
                || !Arrays.equals(counts, countByState)) {
            throw new IllegalStateException("index sizes disagree: " + n + " records, " + chained + " chained, "
                    + waiting + " waiting, " + gossipable + "/" + gossip.size() + " gossipable");
        }
    }

    private static boolean setsLocalTime(AddressChange change) {
        return change instanceof AddressChange.UpdateAttempt || change instanceof AddressChange.UpdateConnected
                || change instanceof AddressChange.UpdateResponded || change instanceof AddressChange.UpdateFailed;
    }

    private void rememberWindow(MetaAddr r, long nanosNow) {
        if (!isCandidateKind(r)) {
            return; // never handed out (an inbound peer's record): nothing to protect, no memory spent
        }
        long end = readyAt(r);
        if (end > nanosNow) {
            removedInWindow.remember(r.address, end, nanosNow);
        }
    }

    private void cleanIp(InetAddress ip) {
        if (!byIp.containsKey(ip)) {
            lastResponseByIp.remove(ip);
        }
    }

    /**
     * Bans the IP of {@code address} and removes every record of that IP.
     *
     * @param address the address whose reports reached the limit
     * @param score   the score that reached it
     * @param reason  the reason given with the report that reached it
     */
    private void ban(PeerAddress address, int score, String reason, Instant wallNow, long nanosNow) {
        InetAddress ip = address.ip();
        Instant until = bans.ban(ip, wallNow, reason).expiresAt();
        bansIssued++;
        if (events != null) {
            events.add(new NodeEvent.IpBanned(ip, address, score, reason, until));
        }
        List<InetAddress> covered = new ArrayList<>(List.of(ip));
        if (ip.getAddress().length == 16) {
            // an IPv6 ban covers the /64: every IP of it leaves the book (a scan, as rare as bans)
            InetAddress prefix = BanList.key(ip);
            for (InetAddress other : byIp.keySet()) {
                if (!other.equals(ip) && other.getAddress().length == 16 && BanList.key(other).equals(prefix)) {
                    covered.add(other);
                }
            }
        }
        removeBanned(covered, nanosNow);
        log.info("banned IP {} until {} after misbehaviour: {}", ip.getAddress().length == 4 ? "v4redacted" : "v6redacted",
                until, reason);
    }

    /** Removes every record of {@code ips}, each remembered for its reconnection window, with its event. */
    private void removeBanned(List<InetAddress> ips, long nanosNow) {
        for (InetAddress banned : ips) {
            for (MetaAddr r = byIp.get(banned); r != null; r = byIp.get(banned)) {
                rememberWindow(r, nanosNow);
                unindex(r);
                if (events != null) {
                    events.add(new NodeEvent.AddressRemoved(r.address, r.state, NodeEvent.AddressRemovalCause.BANNED));
                }
            }
            lastResponseByIp.remove(banned);
        }
    }
}
