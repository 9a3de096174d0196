package io.peerset.core.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetConstants;
import io.peerset.core.common.PeerDemand;
import io.peerset.wire.Hash32;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The peer set's parts: load, registry, demand, configuration. */
class PeerSetPartsTest {

    private static final long S = 1_000_000_000L;

    private static Hash32 hash(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        return Hash32.ofInternal(b);
    }

    private static PeerAddress peer(int i) {
        return PeerAddress.of(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 8233);
    }

    @Test
    void peakEwmaStartsAt21SecondsJumpsToSlowSamplesAndDecaysWhileIdle() {
        PeakEwma e = new PeakEwma(0);
        assertThat(e.load(0)).isEqualTo(21.0 * S);
        e.start();
        assertThat(e.load(0)).as("pending counts").isEqualTo(42.0 * S);
        e.complete(0, 30 * S);
        assertThat(e.estimate()).as("peak").isEqualTo(30.0 * S);
        assertThat(e.load(200 * S)).as("one decay time idle: e^-1").isCloseTo(30 * S / Math.E, within(1e3));
        e.start();
        e.complete(200 * S + 1, 1_000_000);
        assertThat(e.estimate()).as("a fast sample barely moves it at once").isGreaterThan(11.0 * S);
        assertThat(e.pending()).isZero();
    }

    @Test
    void theFastDecayFactorEqualsMathExpWhereItIsUsed() {
        for (long dt = 0; dt < 40 * S; dt = dt * 3 + 1) {
            double exact = Math.exp(-dt / (double) PeerSetConstants.EWMA_DECAY_TIME.toNanos());
            assertThat(PeakEwma.decay(dt)).as("dt %d ns", dt).isCloseTo(exact, within(exact * 1e-12));
        }
    }

    @Test
    void registryPrefersTheCurrentWindowAndKeepsItsLimits() {
        InventoryRegistry r = new InventoryRegistry();
        r.register(hash(1), peer(1), InventoryRegistry.Status.AVAILABLE);
        r.rotate();
        assertThat(r.status(hash(1), peer(1))).isEqualTo(InventoryRegistry.Status.AVAILABLE);
        r.register(hash(1), peer(1), InventoryRegistry.Status.MISSING);
        assertThat(r.status(hash(1), peer(1))).as("current over previous").isEqualTo(InventoryRegistry.Status.MISSING);
        r.register(hash(1), peer(1), InventoryRegistry.Status.AVAILABLE);
        assertThat(r.status(hash(1), peer(1))).as("own missing mark kept").isEqualTo(InventoryRegistry.Status.MISSING);
        r.rotate();
        r.rotate();
        assertThat(r.knows(hash(1))).isFalse();
        for (int i = 0; i < PeerSetConstants.MAX_INV_PER_MAP + 5; i++) {
            r.register(hash(i), peer(1), InventoryRegistry.Status.AVAILABLE);
        }
        assertThat(r.currentSize()).isEqualTo(PeerSetConstants.MAX_INV_PER_MAP);
        assertThat(r.knows(hash(0))).as("oldest item evicted").isFalse();
        for (int i = 0; i < PeerSetConstants.MAX_PEERS_PER_INV + 3; i++) {
            r.register(hash(2_000), peer(i), InventoryRegistry.Status.MISSING);
        }
        assertThat(r.status(hash(2_000), peer(0))).as("oldest peer evicted").isNull();
        assertThat(r.status(hash(2_000), peer(PeerSetConstants.MAX_PEERS_PER_INV + 2))).isNotNull();
    }

    @Test
    void demandIsBoundedAndNeverBlocks() {
        PeerDemand d = new PeerDemand(2);
        int[] heard = {0};
        d.onSignal(() -> heard[0]++);
        assertThat(d.signal()).isTrue();
        assertThat(d.signal()).isTrue();
        assertThat(d.signal()).isFalse();
        assertThat(d.pending()).isEqualTo(2);
        assertThat(d.dropped()).isEqualTo(1);
        assertThat(heard[0]).isEqualTo(2);
        assertThat(d.tryTake()).isTrue();
        assertThat(d.tryTake()).isTrue();
        assertThat(d.tryTake()).isFalse();
        assertThatThrownBy(() -> new PeerDemand(0)).hasMessage("capacity: 0 (expected: > 0)");
    }

    @Test
    void configDerivesTheLimitsFromTheTargetAndRejectsNonsense() {
        PeerSetConfig c = PeerSetConfig.builder(Network.MAINNET).build();
        assertThat(c.outboundLimit()).isEqualTo(75);
        assertThat(c.inboundLimit()).isEqualTo(125);
        assertThat(c.totalConnectionLimit()).isEqualTo(200);
        assertThat(c.readyTimeout()).isEqualTo(PeerSetConstants.REQUEST_TIMEOUT);
        assertThatThrownBy(() -> PeerSetConfig.builder(Network.MAINNET).initialTargetSize(0))
                .hasMessage("initialTargetSize: 0 (expected: 1..10000)");
        assertThatThrownBy(() -> PeerSetConfig.builder(Network.MAINNET).maxConnectionsPerIp(0))
                .hasMessage("maxConnectionsPerIp: 0 (expected: > 0)");
        assertThatThrownBy(() -> PeerSetConfig.builder(Network.MAINNET).requestQueueCapacity(-1))
                .hasMessage("requestQueueCapacity: -1 (expected: > 0)");
        assertThatThrownBy(() -> PeerSetConfig.builder(Network.MAINNET).readyTimeout(Duration.ZERO))
                .hasMessage("readyTimeout: PT0S (expected: > 0 and <= PT24H)");
        assertThatThrownBy(() -> PeerSetConfig.builder(Network.MAINNET).readyTimeout(Duration.ofDays(2)))
                .hasMessage("readyTimeout: PT48H (expected: > 0 and <= PT24H)");
    }
}
