package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerClient;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.ForwardingPeerObserver;
import io.peerset.core.common.PeerObserver;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The node's inbound peers, for the two defences beyond the reference that need to know them (issue
 * 16 §1.4): a cap per network group, and eviction — when the inbound slots are full, a new inbound
 * connection takes the slot of a peer chosen as Bitcoin Core's {@code SelectNodeToEvict} does:
 * <ol>
 *   <li>protect 4 peers of distinct network groups, the groups chosen by a keyed hash (an attacker
 *       cannot tell which of its prefixes are protected);</li>
 *   <li>protect the 8 with the lowest ping (heartbeat round trips): hard for an attacker far away;</li>
 *   <li>protect the 4 that announced inventory ({@code inv}) last: peers that are useful;</li>
 *   <li>protect the older half of the rest: an attacker must have connected before them;</li>
 *   <li>of the rest, evict the youngest peer of the network group with the most of them (on a tie,
 *       the group whose youngest is youngest).</li>
 * </ol>
 * A discouraged peer (misbehaviour score of at least {@code discourage_score}) is evicted before
 * any of these, unprotected. With nothing left unprotected, the newcomer is refused as in the reference. An attacker that holds
 * the slots early therefore keeps at most the protected ones, and can never evict diverse, fast,
 * useful or long-standing honest peers with connections of its own.
 *
 * <p>It is also a {@link ForwardingPeerObserver} placed in the node's observer chain: it hears round trips and
 * inventory of inbound connections and hands every event on to {@code next}.
 *
 * <p>Thread-safe: the listener registers and selects on its loop; observers call from connection
 * threads; a peer's fields are volatile and its slot is handed over with a compare-and-set, so a
 * peer closing on its own while it is being evicted never frees its slot twice.
 */
public final class InboundPeers extends ForwardingPeerObserver {

    static final int PROTECT_BY_GROUP = 4;
    static final int PROTECT_BY_PING = 8;
    static final int PROTECT_BY_USE = 4;

    private static final int LIVE = 0;
    private static final int CLOSED = 1;
    private static final int EVICTED = 2;

    private final Netgroups groups;
    private final Scheduler scheduler;
    private final boolean eviction;
    private final int maxPerGroup;
    private final long key;
    private final ToIntFunction<PeerAddress> scores;
    private final int discourageScore;
    private final ConcurrentHashMap<PeerAddress, Peer> peers = new ConcurrentHashMap<>();
    /** ZIP 201's run-up: peers below this version are evicted first; 0 outside the run-up. */
    private volatile LongSupplier preferredVersion = () -> 0;

    /** One inbound peer past its handshake. */
    static final class Peer {
        final PeerAddress address;
        final Netgroup group;
        final long groupRank;
        final long connectedAt;
        final PeerClient client;
        final ConnectionCounter.Token token;
        final AtomicInteger state = new AtomicInteger(LIVE);
        volatile long minRttNanos = Long.MAX_VALUE;
        volatile long lastInventoryNanos = Long.MIN_VALUE;

        Peer(PeerAddress address, Netgroup group, long groupRank, long connectedAt, PeerClient client,
             ConnectionCounter.Token token) {
            this.address = address;
            this.group = group;
            this.groupRank = groupRank;
            this.connectedAt = connectedAt;
            this.client = client;
            this.token = token;
        }
    }

    /**
     * The outcome of an eviction.
     *
     * @param event what to report
     * @param token the evicted peer's slot, now the newcomer's
     */
    record Eviction(NodeEvent.InboundEvicted event, ConnectionCounter.Token token) {
    }

    /**
     * @param next        the observer every event is handed on to
     * @param groups      how addresses group
     * @param scheduler   the time inventory was announced and connections made
     * @param eviction    whether a full node evicts (false: the reference refuses)
     * @param maxPerGroup the most inbound connections of one group; 0 for no limit
     * @param key         a secret of this node: which groups the group protection picks
     */
    public InboundPeers(PeerObserver next, Netgroups groups, Scheduler scheduler, boolean eviction, int maxPerGroup,
                        long key) {
        this(next, groups, scheduler, eviction, maxPerGroup, key, a -> 0, 0);
    }

    /**
     * @param next            the observer every event is handed on to
     * @param groups          how addresses group
     * @param scheduler       the time inventory was announced and connections made
     * @param eviction        whether a full node evicts (false: the reference refuses)
     * @param maxPerGroup     the most inbound connections of one group; 0 for no limit
     * @param key             a secret of this node: which groups the group protection picks
     * @param scores          a connection's misbehaviour score (the address book's record of it)
     * @param discourageScore from this score a peer is evicted before any other and never protected;
     *                        0 for never
     */
    public InboundPeers(PeerObserver next, Netgroups groups, Scheduler scheduler, boolean eviction, int maxPerGroup,
                        long key, ToIntFunction<PeerAddress> scores, int discourageScore) {
        super(next);
        this.scores = requireNonNull(scores, "scores");
        this.discourageScore = Checks.inRange("discourageScore", discourageScore, 0, 99);
        this.groups = requireNonNull(groups, "groups");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.eviction = eviction;
        this.maxPerGroup = Checks.inRange("maxPerGroup", maxPerGroup, 0, 10_000);
        this.key = key;
    }

    /** @return whether this does anything beyond handing events on (eviction or a group cap) */
    boolean active() {
        return eviction || maxPerGroup > 0;
    }

    /** @return live inbound peers registered */
    public int size() {
        return peers.size();
    }

    /**
     * @param remote a connecting address
     * @return whether its group already holds {@code maxPerGroup} inbound peers (never with no cap)
     */
    boolean groupFull(PeerAddress remote) {
        if (maxPerGroup == 0) {
            return false;
        }
        Netgroup g = groups.of(remote);
        int n = 0;
        for (Peer p : peers.values()) {
            if (p.group.equals(g) && ++n >= maxPerGroup) {
                return true;
            }
        }
        return false;
    }

    /**
     * Registers a peer past its handshake, holding {@code token} until it closes (or hands it to a
     * newcomer that evicts it).
     */
    void add(PeerClient client, ConnectionCounter.Token token) {
        PeerAddress address = client.info().remoteAddress();
        Netgroup g = groups.of(address);
        Peer p = new Peer(address, g, rank(g), scheduler.nanoTime(), client, token);
        peers.put(address, p);
        client.closeFuture().whenComplete((e, t) -> {
            peers.remove(address, p);
            if (p.state.compareAndSet(LIVE, CLOSED)) {
                token.release();
            }
        });
    }

    /**
     * ZIP 201's run-up to a network upgrade (issue 17 §3; the reference does not do it,
     * ZcashFoundation/zebra#4545): while {@code version} answers a positive version — the next
     * upgrade's minimum, within {@link io.peerset.api.UpgradeSchedule#PEER_PREFERENCE_BLOCKS} of its
     * activation — peers that announced less are evicted before any other (after discouraged ones), so
     * pre-upgrade peers are disconnected gradually as newcomers arrive, as zcashd does.
     *
     * @param version the preferred version now, or 0
     */
    public void preferUpgraded(LongSupplier version) {
        this.preferredVersion = requireNonNull(version, "version");
    }

    /**
     * Chooses a peer to evict for {@code newcomer}, disconnects it and hands its slot over.
     *
     * @return the eviction, or empty when eviction is off or every peer is protected
     */
    Optional<Eviction> evictFor(PeerAddress newcomer) {
        if (!eviction) {
            return Optional.empty();
        }
        while (true) {
            long preferred = preferredVersion.getAsLong();
            Optional<Choice> choice = choose(new ArrayList<>(peers.values()),
                    p -> discourageScore > 0 && scores.applyAsInt(p.address) >= discourageScore,
                    p -> preferred > 0 && p.client.info().remoteVersion().version() < preferred);
            if (choice.isEmpty()) {
                return Optional.empty();
            }
            Peer victim = choice.get().victim();
            if (!victim.state.compareAndSet(LIVE, EVICTED)) {
                peers.remove(victim.address, victim); // it closed meanwhile: its slot is free; choose again
                continue;
            }
            peers.remove(victim.address, victim);
            victim.client.close();
            Choice c = choice.get();
            return Optional.of(new Eviction(new NodeEvent.InboundEvicted(victim.address, newcomer,
                    victim.group.toString(), c.groupConnections(), c.byGroup(), c.byPing(), c.byUse(), c.byAge()),
                    victim.token));
        }
    }

    /** What {@link #choose} decided, with how many peers each class protected. */
    record Choice(Peer victim, int groupConnections, int byGroup, int byPing, int byUse, int byAge) {
    }

    /**
     * Core's {@code SelectNodeToEvict} over {@code candidates} (a copy, reordered here).
     *
     * @return the victim, or empty when every candidate is protected
     */
    static Optional<Choice> choose(List<Peer> candidates, Predicate<Peer> discouraged) {
        return choose(candidates, discouraged, p -> false);
    }

    /**
     * As {@link #choose(List, Predicate)}, with peers {@code preUpgrade} accepts evicted next after the
     * discouraged ones (ZIP 201's run-up), the youngest first.
     */
    static Optional<Choice> choose(List<Peer> candidates, Predicate<Peer> discouraged, Predicate<Peer> preUpgrade) {
        List<Peer> c = new ArrayList<>();
        Peer worst = null;
        Peer outdated = null;
        for (Peer p : candidates) {
            if (p.state.get() == LIVE) {
                c.add(p);
                if (discouraged.test(p) && (worst == null || p.connectedAt > worst.connectedAt)) {
                    worst = p;
                } else if (preUpgrade.test(p) && (outdated == null || p.connectedAt > outdated.connectedAt)) {
                    outdated = p;
                }
            }
        }
        if (worst != null) {
            return Optional.of(new Choice(worst, 1, 0, 0, 0, 0)); // discouraged: evicted first, the youngest
        }
        if (outdated != null) {
            return Optional.of(new Choice(outdated, 1, 0, 0, 0, 0)); // before the upgrade, the youngest old one
        }
        // 1. distinct groups, by their keyed rank
        c.sort(Comparator.comparingLong((Peer p) -> p.groupRank).reversed());
        Set<Netgroup> seen = new HashSet<>();
        List<Peer> rest = new ArrayList<>(c.size());
        int byGroup = 0;
        for (Peer p : c) {
            if (byGroup < PROTECT_BY_GROUP && seen.add(p.group)) {
                byGroup++;
            } else {
                rest.add(p);
            }
        }
        c = rest;
        // 2. lowest ping, among those with one
        int byPing = protect(c, Comparator.comparingLong(p -> p.minRttNanos), PROTECT_BY_PING,
                p -> p.minRttNanos != Long.MAX_VALUE);
        // 3. latest inventory
        int byUse = protect(c, Comparator.comparingLong((Peer p) -> p.lastInventoryNanos).reversed(), PROTECT_BY_USE,
                p -> p.lastInventoryNanos != Long.MIN_VALUE);
        // 4. the older half
        int byAge = protect(c, Comparator.comparingLong(p -> p.connectedAt), c.size() / 2, p -> true);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        Map<Netgroup, List<Peer>> byNetgroup = new HashMap<>();
        for (Peer p : c) {
            byNetgroup.computeIfAbsent(p.group, g -> new ArrayList<>()).add(p);
        }
        List<Peer> biggest = null;
        long biggestYoungest = Long.MIN_VALUE;
        for (List<Peer> members : byNetgroup.values()) {
            long youngest = members.stream().mapToLong(p -> p.connectedAt).max().orElseThrow();
            if (biggest == null || members.size() > biggest.size()
                    || (members.size() == biggest.size() && youngest > biggestYoungest)) {
                biggest = members;
                biggestYoungest = youngest;
            }
        }
        Peer victim = biggest.stream().max(Comparator.comparingLong((Peer p) -> p.connectedAt)).orElseThrow();
        return Optional.of(new Choice(victim, biggest.size(), byGroup, byPing, byUse, byAge));
    }

    /** Removes from {@code c} up to {@code k} of the first in {@code order} that {@code eligible} accepts. */
    private static int protect(List<Peer> c, Comparator<Peer> order, int k,
                               Predicate<Peer> eligible) {
        c.sort(order);
        int n = 0;
        for (int i = 0; i < c.size() && n < k; ) {
            if (eligible.test(c.get(i))) {
                c.remove(i);
                n++;
            } else {
                i++;
            }
        }
        return n;
    }

    private long rank(Netgroup g) {
        long h = key ^ (g.bits() * 0x9E3779B97F4A7C15L) ^ ((long) g.kind().ordinal() << 56) ^ g.prefixLength();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    // ---- observer ----

    @Override
    public void responded(ConnectionInfo peer, Duration rtt) {
        if (peer.inbound()) {
            Peer p = peers.get(peer.remoteAddress());
            if (p != null) {
                p.minRttNanos = Math.min(p.minRttNanos, rtt.toNanos());
            }
        }
        super.responded(peer, rtt);
    }

    @Override
    public void inventory(ConnectionInfo peer, List<InventoryItem> advertised, List<InventoryItem> missing) {
        if (peer.inbound() && !advertised.isEmpty()) {
            Peer p = peers.get(peer.remoteAddress());
            if (p != null) {
                p.lastInventoryNanos = scheduler.nanoTime();
            }
        }
        super.inventory(peer, advertised, missing);
    }
}
