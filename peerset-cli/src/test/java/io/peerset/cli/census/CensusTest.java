package io.peerset.cli.census;

import static io.peerset.cli.census.CensusNet.NETWORK;
import static io.peerset.cli.census.CensusNet.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.FailureReason;
import io.peerset.testkit.Seed;
import io.peerset.testkit.VirtualNetwork;
import io.peerset.testkit.VirtualNetworkExtension;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The census against whole nodes on the in-memory network, under virtual time, from the library's
 * public API only ({@link CensusNet}).
 */
@ExtendWith(VirtualNetworkExtension.class)
class CensusTest {

    private static String ip(int i) {
        return "10.1.0." + (i + 1);
    }

    @Test
    @Seed(17)
    void visitsEveryAddressItLearnsOnceAndReportsWhatEachPeerIs(VirtualNetwork net) {
        CensusNet n = new CensusNet(net);
        List<PeerAddress> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(address(ip(i)));
            n.start(ip(i), 3, i == 0 ? List.of() : List.of(all.get(0)), b -> b.crawlInterval(Duration.ofSeconds(2))
                    .crawlRateLimit(Duration.ofSeconds(1)).acceptPacing(Duration.ofMillis(100), Duration.ofMillis(10)));
        }
        n.clock.advance(Duration.ofSeconds(30)); // the network gossips: every book knows most nodes
        PeerAddress dead = PeerAddress.parse("10.9.9.9:8233");
        n.network.dropConnectsTo(dead);

        List<Census.Entry> entries = new ArrayList<>();
        Census census = Census.builder(n.network.transport(NETWORK, CensusNet.CENSUS_IP), NETWORK, n.clock,
                new SplittableRandom(3), entries::add).concurrency(4).build();
        census.add(List.of(all.get(0), dead, all.get(0), PeerAddress.parse("0.0.0.0:8233")));
        n.clock.advance(Duration.ofMinutes(2));

        assertThat(census.progress().idle()).isTrue();
        assertThat(census.done()).as("idle is not done: more addresses may come").isNotDone();
        census.stop();
        n.clock.runUntilIdle();
        assertThat(census.done()).isCompleted();
        assertThat(entries).extracting(Census.Entry::address).doesNotHaveDuplicates()
                .as("the unspecified address is never dialled").doesNotContain(PeerAddress.parse("0.0.0.0:8233"));
        assertThat(entries).filteredOn(Census.Entry::reachable).extracting(Census.Entry::address)
                .as("learnt through getaddr answers").hasSizeGreaterThan(5).isSubsetOf(all);
        Census.Entry first = entries.stream().filter(e -> e.address().equals(all.get(0))).findFirst().orElseThrow();
        assertThat(first.version()).hasValue(NETWORK.protocolVersion());
        assertThat(first.userAgent()).contains("/peerset:0.1.0/");
        assertThat(first.startHeight()).hasValue(2_500_000);
        assertThat(first.services()).hasValue(1);
        assertThat(first.handshakeMillis()).isPresent();
        assertThat(first.pingMillis()).isPresent();
        assertThat(first.addressesReturned()).isPositive();
        assertThat(first.error()).isEmpty();
        assertThat(first.firstSeen()).isBeforeOrEqualTo(first.lastSeen());
        Census.Entry unreachable = entries.stream().filter(e -> e.address().equals(dead)).findFirst().orElseThrow();
        assertThat(unreachable.reachable()).isFalse();
        assertThat(unreachable.error()).as("a dropped connect times out").contains(FailureReason.TIMEOUT);
        assertThat(unreachable.errorMessage()).isPresent();
        assertThat(unreachable.version()).isEmpty();
        assertThat(census.progress()).isEqualTo(new Census.Progress(entries.size() - 1, 1, 0, 0));
    }

    @Test
    @Seed(5)
    void skippedAddressesAreNeverDialledAndPacingAndPerIpLimitsHold(VirtualNetwork net) {
        CensusNet n = new CensusNet(net);
        n.start(ip(0), 2, List.of(), b -> b);
        List<Census.Entry> entries = new ArrayList<>();
        CensusNet.CountingTransport transport = n.censusTransport();
        Census census = Census.builder(transport, NETWORK, n.clock, new SplittableRandom(3), entries::add)
                .concurrency(8).timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        List<PeerAddress> sameIp = new ArrayList<>();
        for (int port = 1000; port < 1005; port++) {
            PeerAddress a = PeerAddress.parse("10.7.0.1:" + port);
            n.network.dropConnectsTo(a);
            sameIp.add(a);
        }
        census.skip(List.of(address(ip(0))));
        census.add(List.of(address(ip(0))));
        census.add(sameIp);
        int maxOpen = 0;
        for (int i = 0; i < 100; i++) {
            n.clock.advance(Duration.ofMillis(50));
            maxOpen = Math.max(maxOpen, census.progress().inFlight());
        }
        assertThat(entries).extracting(Census.Entry::address).containsExactlyInAnyOrderElementsOf(sameIp);
        assertThat(maxOpen).as("one connection per IP at a time").isEqualTo(1);
        assertThat(transport.maxPendingPerIp).isEqualTo(1);
        assertThat(transport.dialled).as("the skipped address is never dialled").containsExactlyInAnyOrderElementsOf(sameIp);
        assertThat(census.progress().idle()).isTrue();
        assertThatThrownBy(() -> Census.builder(transport, NETWORK, n.clock, new SplittableRandom(1),
                e -> { }).concurrency(0)).hasMessage("concurrency: 0 (expected: 1..1024)");
        assertThatThrownBy(() -> Census.builder(transport, NETWORK, n.clock, new SplittableRandom(1),
                e -> { }).timeouts(Duration.ofMillis(99), Duration.ZERO)).hasMessageContaining("timeout");
    }

    /** Stopped while connections are in flight: they are reported, and done() gives the final counts. */
    @Test
    @Seed(8)
    void stopLetsVisitsInFlightFinishAndDoneReportsTheFinalCounts(VirtualNetwork net) {
        CensusNet n = new CensusNet(net);
        List<PeerAddress> dead = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            PeerAddress a = PeerAddress.parse("10.6.0." + (i + 1) + ":8233");
            n.network.dropConnectsTo(a);
            dead.add(a);
        }
        List<Census.Entry> entries = new ArrayList<>();
        Census census = Census.builder(n.network.transport(NETWORK, CensusNet.CENSUS_IP), NETWORK, n.clock,
                new SplittableRandom(3), entries::add).concurrency(3).timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .build();
        var queued = census.add(dead);
        n.clock.advance(Duration.ofMillis(250)); // three dials started, none finished
        assertThat(queued).isCompleted();
        assertThat(census.progress().inFlight()).isEqualTo(3);
        census.stop();
        n.clock.advance(Duration.ofSeconds(5));
        assertThat(census.done()).isCompleted();
        Census.Progress last = census.done().join();
        assertThat(last.inFlight()).isZero();
        assertThat(last.failed()).isEqualTo(entries.size()).isEqualTo(3);
        assertThat(last.queued()).isZero();
    }

    /** A sink that throws is logged and skipped: the census goes on with the next address. */
    @Test
    @Seed(9)
    void aFailingSinkDoesNotStopTheCensus(VirtualNetwork net) {
        CensusNet n = new CensusNet(net);
        List<PeerAddress> dead = List.of(PeerAddress.parse("10.5.0.1:8233"), PeerAddress.parse("10.5.0.2:8233"));
        dead.forEach(n.network::dropConnectsTo);
        List<PeerAddress> seen = new ArrayList<>();
        Census census = Census.builder(n.network.transport(NETWORK, CensusNet.CENSUS_IP), NETWORK, n.clock,
                new SplittableRandom(3), e -> {
                    seen.add(e.address());
                    throw new IllegalStateException("sink broke");
                }).concurrency(1).timeouts(Duration.ofMillis(200), Duration.ZERO).build();
        census.add(dead);
        n.clock.advance(Duration.ofSeconds(3));
        assertThat(seen).containsExactlyElementsOf(dead);
        assertThat(census.progress()).isEqualTo(new Census.Progress(0, 2, 0, 0));
    }
}
