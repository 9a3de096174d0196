package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.api.UpgradeSchedule;
import io.peerset.api.spi.Clock;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A chain tip for a node whose application has none ({@code peerset run}, {@code crawl}, monitors;
 * issue 17 §3, option {@code estimate_tip}): the network's height estimated from the start heights
 * its outbound peers announced, so that the minimum peer version rises at each activation as it does
 * in a full node, and ZIP 201's run-up preference applies.
 *
 * <p>Who votes: the outbound peers in the peer set now — an announcement counts from the peer's
 * {@link #joined} to its {@link #left}; feelers and refused connections announce but never join, so
 * they never vote (feelers dial addresses gossip chose, outside the netgroup limit). One vote per
 * network group (its latest peer's), so an attacker needs a majority of the node's outbound groups —
 * which outbound diversity makes expensive — not of its connections.
 *
 * <p>The estimate is the lower median of those votes, each carried forward from its handshake at one
 * block per {@link #BLOCK_SPACING}, once at least {@link #MIN_GROUPS} groups vote. At every instant a
 * minority of liars, too high or too low, cannot move it outside the honest votes; when voters come
 * and go it follows the current majority (it is not latched: a majority of liars for a while moves it
 * only for that while). For a fixed set of voters it grows with time. The upgrade it reports as active
 * ({@link #activeUpgrade()}) must hold for {@link #CONFIRM} and then never goes back.
 *
 * <p>It reports no {@link #bestHeight()}: the node has no chain, so it announces height 0 rather than
 * invite peers to fetch blocks from it; {@link #estimate()} gives the number. It is always syncing
 * (outbound peers must serve blocks).
 *
 * <p>Threading: thread-safe (one lock); announcements arrive on connection threads, joins and leaves
 * on the peer set's loop.
 */
public final class TipEstimator implements ChainTip {

    /** Zcash's block spacing since Blossom. */
    public static final Duration BLOCK_SPACING = Duration.ofSeconds(75);
    /** The fewest distinct groups that give an estimate: two or three liars alone must not decide it. */
    public static final int MIN_GROUPS = 5;
    /**
     * How long the estimate must stay at or past an activation before the node treats it as active:
     * eight blocks, so that a brief majority of liars, or a burst of peers far ahead, does not raise
     * the minimum peer version.
     */
    public static final Duration CONFIRM = Duration.ofMinutes(10);
    /** Announcements above this are ignored: 2^31 blocks is 5,000 years away. */
    static final long MAX_HEIGHT = Integer.MAX_VALUE;
    /** Announcements of connections that have not joined the set (yet, or ever: feelers), kept at most. */
    static final int MAX_PENDING = 1_024;

    private record Vote(Netgroup group, long height, long atNanos) {
    }

    private final Netgroups groups;
    private final UpgradeSchedule upgrades;
    private final Clock clock;
    /** Handshakes not yet in the set, oldest first (bounded: feelers never join). */
    private final LinkedHashMap<PeerAddress, Vote> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerAddress, Vote> eldest) {
            return size() > MAX_PENDING;
        }
    };
    /** The outbound peers in the set that announced a height. */
    private final Map<PeerAddress, Vote> voters = new HashMap<>();
    /** The outbound peers in the set (a join may be heard before its handshake's announcement). */
    private final java.util.Set<PeerAddress> members = new java.util.HashSet<>();
    /** The upgrade the estimate has held at or past for {@link #CONFIRM}; it never goes back. */
    private NetworkUpgrade latched;
    /** A later upgrade the estimate reached, and since when (monotonic nanos); null while none. */
    private NetworkUpgrade candidate;
    private long candidateSince;

    /**
     * @param groups   how addresses group (one vote per group)
     * @param upgrades the activation heights
     * @param clock    monotonic time for carrying announcements forward
     */
    public TipEstimator(Netgroups groups, UpgradeSchedule upgrades, Clock clock) {
        this.groups = requireNonNull(groups, "groups");
        this.upgrades = requireNonNull(upgrades, "upgrades");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * An outbound handshake completed: its announced start height waits for the peer to join the set.
     *
     * @param peer the connection
     */
    public void observe(ConnectionInfo peer) {
        long height = peer.remoteVersion().startHeight();
        if (peer.inbound() || height <= 0 || height > MAX_HEIGHT) {
            return; // inbound peers choose to connect to us; 0 is a node syncing from scratch; no vote
        }
        PeerAddress a = peer.remoteAddress();
        Vote v = new Vote(groups.of(a), height, clock.nanoTime());
        synchronized (voters) {
            (members.contains(a) ? voters : pending).put(a, v);
        }
    }

    /** @param peer an outbound peer that joined the set: its announcement, if any, votes from now */
    public void joined(PeerAddress peer) {
        synchronized (voters) {
            members.add(peer);
            Vote v = pending.remove(peer);
            if (v != null) {
                voters.put(peer, v);
            }
        }
    }

    /** @param peer a peer that left the set: its vote ends */
    public void left(PeerAddress peer) {
        synchronized (voters) {
            members.remove(peer);
            voters.remove(peer);
            pending.remove(peer);
        }
    }

    /** @return the estimated network height now, empty while fewer than {@link #MIN_GROUPS} groups vote */
    public OptionalLong estimate() {
        long now = clock.nanoTime();
        long spacing = BLOCK_SPACING.toNanos();
        Map<Netgroup, Vote> latest = new HashMap<>();
        synchronized (voters) {
            for (Vote v : voters.values()) {
                latest.merge(v.group(), v, (a, b) -> a.atNanos() >= b.atNanos() ? a : b);
            }
        }
        if (latest.size() < MIN_GROUPS) {
            return OptionalLong.empty();
        }
        long[] values = new long[latest.size()];
        int i = 0;
        for (Vote v : latest.values()) {
            values[i++] = v.height() + Math.max(0, now - v.atNanos()) / spacing;
        }
        Arrays.sort(values);
        return OptionalLong.of(values[(values.length - 1) / 2]);
    }

    /** @return how many groups vote now */
    public int groups() {
        synchronized (voters) {
            return (int) voters.values().stream().map(Vote::group).distinct().count();
        }
    }

    /** @return empty: the node has no chain (it announces 0); see {@link #estimate()} */
    @Override
    public OptionalLong bestHeight() {
        return OptionalLong.empty();
    }

    /**
     * The upgrade the node treats as active: the latest one the estimate has been at or past for
     * {@link #CONFIRM} without a break. It never goes back — an activation is permanent, and the peers a
     * raised minimum removes are the very voters whose leaving would otherwise lower it again — so
     * a majority of liars must hold the median for that long to advance it.
     *
     * @return that upgrade, empty until one is confirmed
     */
    @Override
    public Optional<NetworkUpgrade> activeUpgrade() {
        OptionalLong h = estimate();
        long now = clock.nanoTime();
        synchronized (voters) {
            NetworkUpgrade at = h.isEmpty() ? null : upgrades.upgradeAt(h.getAsLong());
            if (at == null || (latched != null && at.compareTo(latched) <= 0)) {
                candidate = null; // back at or below what is confirmed, or no estimate: start again
            } else {
                if (candidate == null || at.compareTo(candidate) < 0) {
                    candidate = at; // the lowest upgrade past the confirmed one seen at every look since
                    candidateSince = now;
                }
                if (now - candidateSince >= CONFIRM.toNanos()) {
                    latched = candidate;
                    candidate = at.compareTo(latched) > 0 ? at : null; // a later one starts its own wait
                    candidateSince = now;
                }
            }
            return Optional.ofNullable(latched);
        }
    }

    @Override
    public String toString() {
        return "TipEstimator[" + estimate() + " from " + groups() + " group(s)]";
    }
}
