package io.peerset.core.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.peerset.api.PeerSetConfig;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.spi.CandidateSource;
import io.peerset.core.PeerSets;
import io.peerset.core.common.CorePeerSet;
import io.peerset.core.common.PeerSetContext;
import io.peerset.core.discovery.ConnectionCounter;
import io.peerset.core.discovery.InitialPeers;
import io.peerset.testkit.doubles.FakeAddressBook;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Initial peers: gathering from every source, filtering, choosing, paced dials, results recorded. */
class InitialPeersTest {

    private static CandidateSource source(String name, CompletableFuture<List<PeerAddress>> answer) {
        return CandidateSource.of(name, () -> answer);
    }

    @Test
    void everySourceIsAskedAndTheUnionIsFiltered() {
        PeerAddress a = PeerAddress.parse("203.0.113.1:8233");
        PeerAddress b = PeerAddress.parse("[2001:db8::1]:8233");
        InitialPeers.Gathered g = InitialPeers.gather(List.of(
                source("config", CompletableFuture.completedFuture(List.of(a, PeerAddress.parse("0.0.0.0:8233")))),
                source("dns", CompletableFuture.failedFuture(new IllegalStateException("no DNS"))),
                source("cache", CompletableFuture.completedFuture(List.of(b, a, PeerAddress.parse("203.0.113.2:8232"))))),
                Network.MAINNET).join();
        assertThat(g.valid()).containsExactly(a, b);
        assertThat(g.invalid()).isEqualTo(2);
        assertThat(g.failedSources()).containsExactly("dns");

        InitialPeers.Gathered regtest = InitialPeers.gather(List.of(source("dns", CompletableFuture.completedFuture(
                List.of(PeerAddress.parse("127.0.0.1:18233"), PeerAddress.parse("203.0.113.1:18233"),
                        PeerAddress.parse("[::1]:18233"))))), Network.REGTEST).join();
        assertThat(regtest.valid()).as("Regtest keeps only loopback addresses")
                .containsExactly(PeerAddress.parse("127.0.0.1:18233"), PeerAddress.parse("[::1]:18233"));
    }

    @Test
    void theChoiceIsADistinctRandomSubsetOfTheRightSize() {
        List<PeerAddress> pool = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pool.add(PeerAddress.of(new byte[] {10, 0, 0, (byte) (i + 1)}, 8233));
        }
        qt().withExamples(200).forAll(integers().between(0, 60), integers().between(0, Integer.MAX_VALUE))
                .checkAssert((n, seed) -> {
                    List<PeerAddress> chosen = InitialPeers.choose(pool, n, new SplittableRandom(seed));
                    assertThat(chosen).hasSize(Math.min(n, 40)).doesNotHaveDuplicates();
                    assertThat(pool).containsAll(chosen);
                });
        int[] hits = new int[40];
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 4_000; round++) {
            InitialPeers.choose(pool, 10, random).forEach(a -> hits[(a.ip().getAddress()[3] & 0xff) - 1]++);
        }
        for (int h : hits) {
            assertThat(h).as("each of 40 chosen in about a quarter of 4,000 rounds").isBetween(850, 1150);
        }
    }

    @Test
    void dialsArePacedSuccessesJoinTheSetAndFailuresAreRecorded() {
        PeerHarness h = new PeerHarness();
        CorePeerSet set = PeerSets.create(PeerSetConfig.builder(PeerHarness.NETWORK).build(),
                PeerSetContext.builder(h.scheduler, new SplittableRandom(1), h.scheduler).loopSpins(0).build());
        FakeAddressBook book = new FakeAddressBook();
        List<PeerAddress> reachable = new ArrayList<>();
        List<CompletableFuture<ScriptedPeer>> remotes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerHarness.Remote r = h.remote();
            reachable.add(r.address());
            remotes.add(PeerHarness.acceptScripted(r, PeerHarness.versionOf(r.address(),
                    PeerHarness.NETWORK.protocolVersion(), 0x4000L + i, PeerServices.NETWORK)));
        }
        PeerAddress dead = PeerAddress.parse("10.9.9.9:8233");
        h.net.dropConnectsTo(dead);
        List<PeerAddress> all = new ArrayList<>(reachable);
        all.add(dead);
        ConnectionCounter outbound = new ConnectionCounter("outbound", 75);
        CompletableFuture<InitialPeers.Dialled> done = InitialPeers.start(new InitialPeers.Gathered(all, 0, List.of()), 25,
                h.connector(), set, Optional.of(book), outbound, h.scheduler, new SplittableRandom(2));
        h.scheduler.advance(Duration.ofMillis(150));
        assertThat(outbound.reservedTotal()).as("two dials started by 150 ms (0 and 100 ms)").isEqualTo(2);
        h.scheduler.advance(Duration.ofSeconds(5));
        assertThat(done).isCompletedWithValue(new InitialPeers.Dialled(3, 1));
        assertThat(set.status().total()).isEqualTo(3);
        assertThat(outbound.count()).as("three slots held by live peers, the failed dial's freed").isEqualTo(3);
        assertThat(book.changes()).filteredOn(c -> c instanceof AddressChange.NewInitial).hasSize(4);
        assertThat(book.changes()).contains(AddressChange.UpdateFailed.of(dead));
        assertThat(new HashSet<>(book.changes())).hasSize(book.changes().size());
        set.close();
        h.scheduler.runUntilIdle();
        assertThat(outbound.count()).isZero();
    }

    /** With a stop count (peerset's defaults) a dial whose turn comes when the node has enough connected peers is skipped. */
    @Test
    void withAStopCountDialsStopAtTheTarget() {
        PeerHarness h = new PeerHarness();
        CorePeerSet set = PeerSets.create(PeerSetConfig.builder(PeerHarness.NETWORK).build(),
                PeerSetContext.builder(h.scheduler, new SplittableRandom(1), h.scheduler).loopSpins(0).build());
        List<PeerAddress> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PeerHarness.Remote r = h.remote();
            all.add(r.address());
            PeerHarness.acceptScripted(r, PeerHarness.versionOf(r.address(), PeerHarness.NETWORK.protocolVersion(),
                    0x5000L + i, PeerServices.NETWORK));
        }
        ConnectionCounter outbound = new ConnectionCounter("outbound", 75);
        int[] connected = {0};
        CompletableFuture<InitialPeers.Dialled> done = InitialPeers.start(new InitialPeers.Gathered(all, 0, List.of()), 4,
                h.connector(), set, Optional.of(new FakeAddressBook()), outbound,
                new io.peerset.core.discovery.OutboundGroups(io.peerset.api.Netgroups.defaults(), 0), h.scheduler,
                new SplittableRandom(2), e -> { }, io.peerset.api.NodeEvent.DialReason.INITIAL, "test", () -> connected[0], 2);
        h.scheduler.advance(Duration.ofMillis(150)); // two dials made (0 and 100 ms)
        connected[0] = 2; // the target of connected peers is reached: the other two are skipped
        h.scheduler.advance(Duration.ofSeconds(5));
        assertThat(done).isCompletedWithValue(new InitialPeers.Dialled(2, 0));
        assertThat(outbound.count()).as("the two connected peers' slots").isEqualTo(2);
        set.close();
        h.scheduler.runUntilIdle();
    }
}
