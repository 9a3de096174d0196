package io.peerset.addressbook;

import static java.util.Objects.requireNonNull;

import io.peerset.api.BannedIp;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
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

    private final AddressBookConfig config;
    private final HashMap<InetAddress, MetaAddr> byIp = new HashMap<>();
    private final int[] countByState = new int[PeerAddrState.values().length];
    private final RecordTree order = new RecordTree(RecordTree.Links.ORDER, 0, ReconnectionOrder.INSTANCE);
    private final RecordTree ready = new RecordTree(RecordTree.Links.WAIT, READY, ReconnectionOrder.INSTANCE);
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
    /** Where events go, or null to record none. */
    private List<NodeEvent.AddressBookEvent> events;

    AddressBookState(AddressBookConfig config) {
        this.config = requireNonNull(config, "config");
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
            replace(prev, next);
        } else {
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
            replace(prev, failed);
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
        for (MetaAddr f = cooling.first(); f != null && f.coolUntil <= nanosNow; f = cooling.first()) {
            cooling.remove(f);
            ready.insert(f);
        }
        long reachableSince = secondsThreshold(wallNow.minus(PeerSetConstants.MAX_RECENT_PEER_AGE));
        MetaAddr c = ready.first();
        while (c != null) {
            long lastSeen = c.lastSeenSeconds();
            if (c.state == PeerAddrState.FAILED && lastSeen != MetaAddr.NONE && lastSeen < reachableSince) {
                MetaAddr following = ready.next(c);
                ready.remove(c); // not probably reachable, and only a new change can make it so again
                c = following;
                continue;
            }
            if (config.maxConnectionsPerIp() == 1 && !lastResponseByIp.isEmpty()) {
                long[] responded = lastResponseByIp.get(c.address.ip());
                if (responded != null && nanosNow - responded[0] < RECONNECTION_NANOS) {
                    // We probably still have a connection to that IP: wait until its hold ends.
                    MetaAddr following = ready.next(c);
                    ready.remove(c);
                    c.coolUntil = responded[0] + RECONNECTION_NANOS;
                    cooling.insert(c);
                    c = following;
                    continue;
                }
            }
            MetaAddr attempted = MetaAddr.applyOrNull(c, new AddressChange.UpdateAttempt(c.address),
                    wallNow.getEpochSecond(), nanosNow);
            if (attempted == null) {
                c = ready.next(c); // cannot happen for a record outside every window; kept for the index's safety
                continue;
            }
            if (!accept.test(c.address)) {
                c = ready.next(c); // refused by the caller (its netgroup is full, for one): stays ready
                continue;
            }
            replace(c, attempted);
            return attempted;
        }
        return null;
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
     * addresses are always valid, so that is the services).
     */
    private static boolean isCandidateKind(MetaAddr r) {
        return !r.inbound() && r.servicesUnknownOrNetwork();
    }

    /** Records gossip may offer, before the time-dependent 3 h rule (reference 4.9 step 1). */
    private static boolean isGossipKind(MetaAddr r) {
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
                ready.insert(r);
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
    }

    private void unindexExceptIp(MetaAddr r) {
        countByState[r.state.ordinal()]--;
        order.remove(r);
        if (r.waitTree() == READY) {
            ready.remove(r);
        } else if (r.waitTree() == COOLING) {
            cooling.remove(r);
        }
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
                to = READY;
            } else {
                next.coolUntil = at;
                to = COOLING;
            }
        }
        if (was != 0 && was == to) {
            (to == READY ? ready : cooling).replace(prev, next);
            return;
        }
        if (was == READY) {
            ready.remove(prev);
        } else if (was == COOLING) {
            cooling.remove(prev);
        }
        if (to == READY) {
            ready.insert(next);
        } else if (to == COOLING) {
            cooling.insert(next);
        }
    }

    /**
     * Puts {@code next} where {@code prev} (same address) was, touching each index once; the one
     * place an existing record changes, so the one place a state change is reported.
     */
    private void replace(MetaAddr prev, MetaAddr next) {
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
        int[] counts = new int[countByState.length];
        int waiting = 0;
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
        }
        if (chained != n || waiting != ready.size() + cooling.size() || gossipable != gossip.size()
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
        Instant until = bans.ban(ip, wallNow).expiresAt();
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
        for (InetAddress banned : covered) {
            for (MetaAddr r = byIp.get(banned); r != null; r = byIp.get(banned)) {
                rememberWindow(r, nanosNow);
                unindex(r);
                if (events != null) {
                    events.add(new NodeEvent.AddressRemoved(r.address, r.state, NodeEvent.AddressRemovalCause.BANNED));
                }
            }
            lastResponseByIp.remove(banned);
        }
        log.info("banned IP {} until {} after misbehaviour: {}", ip.getAddress().length == 4 ? "v4redacted" : "v6redacted",
                until, reason);
    }
}
