package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.Netgroup;
import io.peerset.api.Netgroups;
import io.peerset.api.UpgradeSchedule;
import io.peerset.api.spi.Clock;
import io.peerset.wire.NetworkUpgrade;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A chain tip for a node whose application has none ({@code peerset run}, {@code crawl}, monitors;
 * issue 17 §3, option {@code estimate_tip}): the network's height estimated from the start heights
 * its outbound peers announce, so that the minimum peer version rises at each activation as it does
 * in a full node, and ZIP 201's run-up preference applies.
 *
 * <p>The estimate is the lower median, over distinct network groups, of each group's latest
 * announcement carried forward by the time since it was made at one block per
 * {@link #BLOCK_SPACING}: a group counts once however many peers it holds, so an attacker needs a
 * majority of groups, not of connections, to move it, and a minority of liars — too high or too low —
 * cannot move it outside the honest heights. Announcements older than {@link #MAX_AGE} are dropped
 * (carried forward that long they say little), and fewer than {@link #MIN_GROUPS} groups give no
 * estimate. It never goes down: a chain tip does not, and the minimum peer version it sets never
 * falls back.
 *
 * <p>It reports no {@link #bestHeight()}: the node has no chain, so it announces height 0 rather than
 * invite peers to fetch blocks from it; {@link #estimate()} gives the number. It is always syncing
 * (outbound peers must serve blocks).
 *
 * <p>Threading: thread-safe (one lock); announcements arrive on connection threads.
 */
public final class TipEstimator implements ChainTip {

    /** Zcash's block spacing since Blossom. */
    public static final Duration BLOCK_SPACING = Duration.ofSeconds(75);
    /** How long an announcement counts. */
    public static final Duration MAX_AGE = Duration.ofHours(2);
    /** The fewest distinct groups that give an estimate: one liar alone must not decide it. */
    public static final int MIN_GROUPS = 3;
    /** Announcements above this are ignored: 2^31 blocks is 5,000 years away. */
    static final long MAX_HEIGHT = Integer.MAX_VALUE;

    private record Announcement(long height, long atNanos) {
    }

    private final Netgroups groups;
    private final UpgradeSchedule upgrades;
    private final Clock clock;
    private final Map<Netgroup, Announcement> latest = new HashMap<>();
    private long highest = -1;

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
     * An outbound peer's handshake: its announced start height becomes its group's latest.
     *
     * @param peer the connection
     */
    public void observe(ConnectionInfo peer) {
        if (!peer.inbound()) {
            observe(peer, peer.remoteVersion().startHeight());
        }
    }

    /** @param peer a peer @param height the height it announced */
    void observe(ConnectionInfo peer, long height) {
        if (height <= 0 || height > MAX_HEIGHT) {
            return; // a syncing node from scratch, or nonsense: no vote
        }
        Netgroup g = groups.of(peer.remoteAddress());
        synchronized (latest) {
            latest.put(g, new Announcement(height, clock.nanoTime()));
        }
    }

    /** @return the estimated network height now, empty until {@link #MIN_GROUPS} groups have announced one */
    public OptionalLong estimate() {
        long now = clock.nanoTime();
        long spacing = BLOCK_SPACING.toNanos();
        long[] values;
        synchronized (latest) {
            latest.values().removeIf(a -> now - a.atNanos() > MAX_AGE.toNanos());
            values = new long[latest.size()];
            int i = 0;
            for (Announcement a : latest.values()) {
                values[i++] = a.height() + Math.max(0, now - a.atNanos()) / spacing;
            }
            if (values.length >= MIN_GROUPS) {
                Arrays.sort(values);
                highest = Math.max(highest, values[(values.length - 1) / 2]);
            }
            return highest < 0 ? OptionalLong.empty() : OptionalLong.of(highest);
        }
    }

    /** @return how many groups have a current announcement */
    public int groups() {
        synchronized (latest) {
            return latest.size();
        }
    }

    /** @return empty: the node has no chain (it announces 0); see {@link #estimate()} */
    @Override
    public OptionalLong bestHeight() {
        return OptionalLong.empty();
    }

    /** @return the upgrade active at the estimate, empty while there is none */
    @Override
    public Optional<NetworkUpgrade> activeUpgrade() {
        OptionalLong h = estimate();
        return h.isEmpty() ? Optional.empty() : Optional.of(upgrades.upgradeAt(h.getAsLong()));
    }

    /** @return ZIP 201's run-up version at the estimate ({@link UpgradeSchedule#preferredVersion}), else 0 */
    public long preferredVersion() {
        return upgrades.preferredVersion(estimate());
    }

    @Override
    public String toString() {
        return "TipEstimator[" + estimate() + " from " + groups() + " group(s)]";
    }
}
