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

    @Test
    void aMinorityOfLiarsCannotMoveTheEstimateOutsideTheHonestHeights() {
        qt().forAll(integers().between(3, 30), integers().between(0, 1_000), longs().between(1, 1L << 31))
                .checkAssert((honest, liarsWanted, seed) -> {
                    int liars = liarsWanted % honest; // fewer liars than honest groups: a minority
                    SplittableRandom r = new SplittableRandom(seed);
                    VirtualScheduler clock = new VirtualScheduler();
                    TipEstimator t = estimator(clock);
                    long tip = 3_000_000 + r.nextInt(1_000_000);
                    long lo = Long.MAX_VALUE;
                    long hi = Long.MIN_VALUE;
                    for (int i = 0; i < honest; i++) {
                        long h = tip - r.nextInt(5); // honest peers a few blocks apart
                        lo = Math.min(lo, h);
                        hi = Math.max(hi, h);
                        t.observe(peer((20 + i) + ".1.0.1", h, false));
                    }
                    for (int i = 0; i < liars; i++) {
                        long lie = r.nextBoolean() ? r.nextLong(1, Integer.MAX_VALUE) : r.nextLong(1, 100);
                        t.observe(peer((100 + i) + ".1.0.1", lie, false));
                    }
                    assertThat(t.estimate().orElseThrow()).isBetween(lo, hi);
                });
    }

    @Test
    void aGroupVotesOnceInboundPeersNotAtAllAndFewGroupsGiveNoEstimate() {
        VirtualScheduler clock = new VirtualScheduler();
        TipEstimator t = estimator(clock);
        for (int i = 1; i <= 50; i++) {
            t.observe(peer("30.1.0." + i, 9_000_000, false)); // one /16: one vote
        }
        t.observe(peer("31.1.0.1", 3_000_000, true)); // inbound: none
        t.observe(peer("32.1.0.1", 0, false)); // a node syncing from scratch: none
        assertThat(t.estimate()).as("one group").isEmpty();
        assertThat(t.activeUpgrade()).isEmpty();
        t.observe(peer("33.1.0.1", 3_000_000, false));
        t.observe(peer("34.1.0.1", 3_000_001, false));
        assertThat(t.groups()).isEqualTo(3);
        assertThat(t.estimate()).as("the lower median of three groups").hasValue(3_000_001);
        assertThat(t.bestHeight()).as("nothing announced as ours").isEmpty();
        assertThat(t.activeUpgrade()).contains(NetworkUpgrade.NU6);
    }

    @Test
    void theEstimateIsCarriedForwardNeverGoesBackAndForgetsOldAnnouncements() {
        qt().forAll(longs().between(1, 10_000), integers().between(1, 50)).checkAssert((seed, steps) -> {
            SplittableRandom r = new SplittableRandom(seed);
            VirtualScheduler clock = new VirtualScheduler();
            TipEstimator t = estimator(clock);
            long last = -1;
            for (int s = 0; s < steps; s++) {
                t.observe(peer((20 + r.nextInt(8)) + ".1.0.1", 3_000_000 + r.nextInt(2_000), false));
                clock.advance(Duration.ofSeconds(r.nextInt(600)));
                OptionalLong e = t.estimate();
                if (e.isPresent()) {
                    assertThat(e.getAsLong()).isGreaterThanOrEqualTo(last);
                    last = e.getAsLong();
                }
            }
        });
        VirtualScheduler clock = new VirtualScheduler();
        TipEstimator t = estimator(clock);
        for (int i = 0; i < 3; i++) {
            t.observe(peer((20 + i) + ".1.0.1", 3_000_000, false));
        }
        clock.advance(TipEstimator.BLOCK_SPACING.multipliedBy(40));
        assertThat(t.estimate()).as("40 blocks later").hasValue(3_000_040);
        clock.advance(TipEstimator.MAX_AGE);
        assertThat(t.groups()).isEqualTo(3);
        t.estimate();
        assertThat(t.groups()).as("forgotten").isZero();
        assertThat(t.estimate()).as("but never back").hasValue(3_000_040);
    }
}
