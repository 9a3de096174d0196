package io.peerset.core.census;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.core.node.NodeNet;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The census against whole nodes on the in-memory network, under virtual time. */
class CensusTest {

    private static String ip(int i) {
        return "10.1.0." + (i + 1);
    }

    @Test
    void visitsEveryAddressItLearnsOnceAndReportsWhatEachPeerIs() {
        NodeNet n = new NodeNet(17);
        List<PeerAddress> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(NodeNet.address(ip(i)));
            n.start(NodeNet.config(ip(i), 3).crawlInterval(Duration.ofSeconds(2)).crawlRateLimit(Duration.ofSeconds(1))
                    .acceptPacing(Duration.ofMillis(100), Duration.ofMillis(10)).build(),
                    i == 0 ? List.of() : List.of(NodeNet.seeder(List.of(all.get(0)))));
        }
        n.scheduler.advance(Duration.ofSeconds(30)); // the network gossips: every book knows most nodes
        PeerAddress dead = PeerAddress.parse("10.9.9.9:8233");
        n.net.dropConnectsTo(dead);

        List<Census.Entry> entries = new ArrayList<>();
        Census census = Census.builder(n.net.transport(NodeNet.NETWORK, "10.8.0.1"), NodeNet.NETWORK, n.scheduler,
                new SplittableRandom(3), entries::add).concurrency(4).build();
        census.add(List.of(all.get(0), dead, all.get(0), PeerAddress.parse("0.0.0.0:8233")));
        n.scheduler.advance(Duration.ofMinutes(2));

        assertThat(census.progress().idle()).isTrue();
        assertThat(census.done()).isNotDone();
        census.stop();
        n.scheduler.runUntilIdle();
        assertThat(census.done()).isCompleted();
        assertThat(entries).extracting(Census.Entry::address).doesNotHaveDuplicates()
                .as("the unspecified address is never dialled").doesNotContain(PeerAddress.parse("0.0.0.0:8233"));
        assertThat(entries).filteredOn(Census.Entry::reachable).extracting(Census.Entry::address)
                .as("learnt through getaddr answers").hasSizeGreaterThan(5).isSubsetOf(all);
        Census.Entry first = entries.stream().filter(e -> e.address().equals(all.get(0))).findFirst().orElseThrow();
        assertThat(first.version()).hasValue(NodeNet.NETWORK.protocolVersion());
        assertThat(first.userAgent()).contains("/peerset:0.1.0/");
        assertThat(first.startHeight()).hasValue(2_500_000);
        assertThat(first.services()).hasValue(1);
        assertThat(first.handshakeMillis()).isPresent();
        assertThat(first.pingMillis()).isPresent();
        assertThat(first.addressesReturned()).isPositive();
        assertThat(first.error()).isEmpty();
        Census.Entry unreachable = entries.stream().filter(e -> e.address().equals(dead)).findFirst().orElseThrow();
        assertThat(unreachable.reachable()).isFalse();
        assertThat(unreachable.error()).isPresent();
        assertThat(unreachable.version()).isEmpty();
        assertThat(census.progress()).isEqualTo(new Census.Progress(entries.size() - 1, 1, 0, 0));
        n.closeAll();
    }

    @Test
    void skippedAddressesAreNeverDialledAndPacingAndPerIpLimitsHold() {
        NodeNet n = new NodeNet(5);
        n.start(NodeNet.config(ip(0), 2).build(), List.of());
        List<Census.Entry> entries = new ArrayList<>();
        var transport = new NodeNet.CountingTransport(n.net.transport(NodeNet.NETWORK, "10.8.0.1"));
        Census census = Census.builder(transport, NodeNet.NETWORK, n.scheduler, new SplittableRandom(3), entries::add)
                .concurrency(8).timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        List<PeerAddress> sameIp = new ArrayList<>();
        for (int port = 1000; port < 1005; port++) {
            PeerAddress a = PeerAddress.parse("10.7.0.1:" + port);
            n.net.dropConnectsTo(a);
            sameIp.add(a);
        }
        census.skip(List.of(NodeNet.address(ip(0))));
        census.add(List.of(NodeNet.address(ip(0))));
        census.add(sameIp);
        int maxOpen = 0;
        for (int i = 0; i < 100; i++) {
            n.scheduler.advance(Duration.ofMillis(50));
            maxOpen = Math.max(maxOpen, census.progress().inFlight());
        }
        assertThat(entries).extracting(Census.Entry::address).containsExactlyInAnyOrderElementsOf(sameIp);
        assertThat(maxOpen).as("one connection per IP at a time").isEqualTo(1);
        assertThat(transport.dials.get()).isEqualTo(5);
        assertThat(census.progress().idle()).isTrue();
        assertThat(io.peerset.core.common.PeerFailures.code(new TimeoutException("x"))).isEqualTo("timeout");
        assertThatThrownBy(() -> Census.builder(transport, NodeNet.NETWORK, n.scheduler, new SplittableRandom(1),
                e -> { }).concurrency(0)).hasMessageContaining("concurrency");
        n.closeAll();
    }

    /** Stopped while connections are in flight: they are reported, and done() gives the final counts. */
    @Test
    void stopLetsVisitsInFlightFinishAndDoneReportsTheFinalCounts() {
        NodeNet n = new NodeNet(8);
        List<PeerAddress> dead = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            PeerAddress a = PeerAddress.parse("10.6.0." + (i + 1) + ":8233");
            n.net.dropConnectsTo(a);
            dead.add(a);
        }
        List<Census.Entry> entries = new ArrayList<>();
        Census census = Census.builder(n.net.transport(NodeNet.NETWORK, "10.8.0.1"), NodeNet.NETWORK, n.scheduler,
                new SplittableRandom(3), entries::add).concurrency(3).timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .build();
        var queued = census.add(dead);
        n.scheduler.advance(Duration.ofMillis(250)); // three dials started, none finished
        assertThat(queued).isCompleted();
        assertThat(census.progress().inFlight()).isEqualTo(3);
        census.stop();
        n.scheduler.advance(Duration.ofSeconds(5));
        assertThat(census.done()).isCompleted();
        Census.Progress last = census.done().join();
        assertThat(last.inFlight()).isZero();
        assertThat(last.failed()).isEqualTo(entries.size()).isEqualTo(3);
        assertThat(last.queued()).isZero();
    }
}
