package io.peerset.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.Netgroups;
import io.peerset.api.UpgradeSchedule;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.VersionMessage;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link TipEstimator}: robust to a minority of liars, one vote per group, never back, carried forward (issue 17 §3). */
class TipEstimatorProperties {

    private static ConnectionInfo peer(String ip, long height, boolean inbound) {
        VersionMessage v = ScriptedPeer.version(Network.MAINNET, 170_160, 1, new PeerServices(PeerServices.NODE_NETWORK));
        VersionMessage announced = new VersionMessage(v.version(), v.services(), v.timestamp(), v.receiver(), v.sender(),
                v.nonce(), v.userAgent(), height, v.relay());
        return new ConnectionInfo(PeerAddress.parse(ip + ":8233"), PeerAddress.parse("10.0.0.1:8233"), inbound,
                announced, 170_160, Duration.ZERO);
    }

    private static TipEstimator estimator(VirtualScheduler clock) {
        return new TipEstimator(Netgroups.defaults(), UpgradeSchedule.of(Network.MAINNET), clock);
    }

    /** An outbound peer's handshake, then its joining the set. */
    private static void vote(TipEstimator t, String ip, long height) {
        ConnectionInfo c = peer(ip, height, false);
        t.observe(c);
        t.joined(c.remoteAddress());
    }

    @Test
    void aMinorityOfLiarsCannotMoveTheEstimateOutsideTheHonestHeightsWhateverTheOrder() {
        qt().forAll(integers().between(TipEstimator.MIN_GROUPS, 30), integers().between(0, 1_000),
                longs().between(1, 1L << 31)).checkAssert((honest, liarsWanted, seed) -> {
                    int liars = liarsWanted % honest; // fewer liars than honest groups: a minority
                    SplittableRandom r = new SplittableRandom(seed);
                    VirtualScheduler clock = new VirtualScheduler();
                    TipEstimator t = estimator(clock);
                    long tip = 3_000_000 + r.nextInt(1_000_000);
                    long lo = tip - 4;
                    // the liars first: while they are not a minority the estimate may be theirs; from
                    // the moment they are, it is the honest peers'
                    for (int i = 0; i < liars; i++) {
                        long lie = r.nextBoolean() ? r.nextLong(1, Integer.MAX_VALUE) : r.nextLong(1, 100);
                        vote(t, (100 + i) + ".1.0.1", lie);
                    }
                    for (int i = 0; i < honest; i++) {
                        vote(t, (20 + i) + ".1.0.1", tip - r.nextInt(5)); // honest peers a few blocks apart
                        if (i + 1 > liars && i + 1 + liars >= TipEstimator.MIN_GROUPS) {
                            assertThat(t.estimate().orElseThrow()).isBetween(lo, tip);
                        }
                    }
                    // liars leaving and coming back change nothing while they stay a minority
                    for (int i = 0; i < liars; i++) {
                        t.left(PeerAddress.parse((100 + i) + ".1.0.1:8233"));
                        assertThat(t.estimate().orElseThrow()).isBetween(lo, tip);
                    }
                });
    }

    @Test
    void aGroupVotesOnceAndOnlyPeersInTheSetVote() {
        VirtualScheduler clock = new VirtualScheduler();
        TipEstimator t = estimator(clock);
        for (int i = 1; i <= 50; i++) {
            vote(t, "30.1.0." + i, 9_000_000); // one /16: one vote
        }
        t.observe(peer("31.1.0.1", 3_000_000, true)); // inbound: none
        t.joined(PeerAddress.parse("31.1.0.1:8233"));
        vote(t, "32.1.0.1", 0); // a node syncing from scratch: none
        for (int i = 0; i < 10; i++) {
            t.observe(peer((40 + i) + ".1.0.1", 3_000_000, false)); // feelers: a handshake, never in the set
        }
        assertThat(t.groups()).isEqualTo(1);
        assertThat(t.estimate()).as("one group").isEmpty();
        assertThat(t.activeUpgrade()).isEmpty();
        for (int i = 0; i < 4; i++) {
            vote(t, (33 + i) + ".1.0.1", 3_000_000 + i);
        }
        assertThat(t.groups()).isEqualTo(5);
        assertThat(t.estimate()).as("the lower median of five groups").hasValue(3_000_002);
        assertThat(t.bestHeight()).as("nothing announced as ours").isEmpty();
        assertThat(t.activeUpgrade()).as("not before it has held for CONFIRM").isEmpty();
        clock.advance(TipEstimator.CONFIRM);
        assertThat(t.activeUpgrade()).contains(NetworkUpgrade.NU6);
        t.left(PeerAddress.parse("33.1.0.1:8233"));
        assertThat(t.estimate()).as("a vote ends when its peer leaves").isEmpty();
        assertThat(t.activeUpgrade()).as("but an activation stays").contains(NetworkUpgrade.NU6);
    }

    @Test
    void forFixedVotersTheEstimateGrowsWithTimeAtOneBlockPerSpacing() {
        qt().forAll(longs().between(1, 10_000), integers().between(1, 50)).checkAssert((seed, steps) -> {
            SplittableRandom r = new SplittableRandom(seed);
            VirtualScheduler clock = new VirtualScheduler();
            TipEstimator t = estimator(clock);
            for (int i = 0; i < 7; i++) {
                vote(t, (20 + i) + ".1.0.1", 3_000_000 + r.nextInt(2_000));
            }
            long first = t.estimate().orElseThrow();
            long last = first;
            Duration elapsed = Duration.ZERO;
            for (int s = 0; s < steps; s++) {
                Duration d = Duration.ofSeconds(r.nextInt(600));
                clock.advance(d);
                elapsed = elapsed.plus(d);
                long e = t.estimate().orElseThrow();
                assertThat(e).isGreaterThanOrEqualTo(last);
                last = e;
            }
            assertThat(last - first).isEqualTo(elapsed.toNanos() / TipEstimator.BLOCK_SPACING.toNanos());
        });
    }

    @Test
    void anUpgradeCountsOnlyOnceTheEstimateHeldItForConfirmAndThenNeverGoesBack() {
        qt().forAll(longs().between(1, 10_000)).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            VirtualScheduler clock = new VirtualScheduler();
            TipEstimator t = estimator(clock);
            // NU6.1 at 3,146,400: a liar majority jumps past it now and then, for less than CONFIRM
            for (int i = 0; i < 5; i++) {
                vote(t, (20 + i) + ".1.0.1", 3_146_000);
            }
            java.util.Optional<NetworkUpgrade> last = java.util.Optional.empty();
            for (int step = 0; step < 60; step++) {
                if (r.nextInt(4) == 0) {
                    for (int i = 0; i < 6; i++) {
                        vote(t, (60 + i) + ".1.0.1", 9_000_000); // a majority of liars, briefly
                    }
                    clock.advance(Duration.ofSeconds(r.nextInt(1, 300)));
                    t.activeUpgrade();
                    for (int i = 0; i < 6; i++) {
                        t.left(PeerAddress.parse((60 + i) + ".1.0.1:8233"));
                    }
                }
                clock.advance(Duration.ofSeconds(r.nextInt(1, 60)));
                java.util.Optional<NetworkUpgrade> now = t.activeUpgrade();
                assertThat(now.map(Enum::ordinal).orElse(-1)).isGreaterThanOrEqualTo(last.map(Enum::ordinal).orElse(-1));
                last = now;
                long honest = t.estimate().orElseThrow();
                if (now.isPresent()) {
                    assertThat(now.get()).as("never past what the honest estimate reached")
                            .isLessThanOrEqualTo(UpgradeSchedule.of(Network.MAINNET).upgradeAt(honest));
                }
            }
        });
    }
}
