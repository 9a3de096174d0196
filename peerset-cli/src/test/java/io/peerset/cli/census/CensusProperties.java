package io.peerset.cli.census;

import static io.peerset.cli.census.CensusNet.NETWORK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.PeerSetConstants;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of the census's bookkeeping and politeness, whatever it is given: addresses repeated,
 * sharing IPs, skipped, invalid; peers that refuse at once or never answer. Under virtual time on the
 * in-memory network, from the library's public API only.
 */
class CensusProperties {

    /** Ports per IP in the pool: several addresses share each IP, so the one-per-IP rule is exercised. */
    private static final int[] PORTS = {8233, 9000, 9001, 18233};
    /** Pool indices 0..23 are 6 IPs times 4 ports; 24 is the unspecified address, never valid outbound. */
    private static final int POOL = 25;

    private static PeerAddress pooled(int i) {
        if (i == POOL - 1) {
            return PeerAddress.parse("0.0.0.0:8233");
        }
        return PeerAddress.parse("10.4.0." + (i / PORTS.length + 1) + ":" + PORTS[i % PORTS.length]);
    }

    private static Gen<List<Integer>> indices(int max) {
        return lists().of(integers().between(0, POOL - 1)).ofSizeBetween(0, max);
    }

    /**
     * Every valid address given and not skipped is reported exactly once, and nothing else is;
     * skipped and invalid addresses are never dialled; at most {@code concurrency} connects are
     * pending, at most one per IP, and dials start at least the reference's interval apart; once
     * stopped, {@code done()} counts every entry.
     */
    @Test
    void everyValidAddressIsVisitedOnceAndPolitely() {
        qt().withExamples(150).forAll(indices(30), indices(6), integers().between(1, 4))
                .checkAssert((added, skipped, concurrency) -> {
                    CensusNet n = new CensusNet(1);
                    Set<PeerAddress> skip = new LinkedHashSet<>();
                    skipped.forEach(i -> skip.add(pooled(i)));
                    Set<PeerAddress> expected = new LinkedHashSet<>();
                    for (int i : added) {
                        PeerAddress a = pooled(i);
                        if (i % 2 == 0) {
                            n.network.dropConnectsTo(a); // never answers: fails at the timeout
                        } // odd: nothing listens, refused at once
                        if (NETWORK.isValidForOutbound(a) && !skip.contains(a)) {
                            expected.add(a);
                        }
                    }
                    CensusNet.CountingTransport transport = n.censusTransport();
                    List<Census.Entry> entries = new ArrayList<>();
                    Census census = Census.builder(transport, NETWORK, n.clock, new SplittableRandom(2), entries::add)
                            .concurrency(concurrency).timeouts(Duration.ofMillis(500), Duration.ZERO).build();
                    census.skip(List.copyOf(skip));
                    census.add(added.stream().map(CensusProperties::pooled).toList());
                    n.clock.advance(Duration.ofMinutes(1));

                    assertThat(census.progress().idle()).isTrue();
                    assertThat(entries).extracting(Census.Entry::address).doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(entries).allSatisfy(e -> {
                        assertThat(e.reachable()).isFalse();
                        assertThat(e.error()).isPresent();
                        assertThat(e.firstSeen()).isBeforeOrEqualTo(e.lastSeen());
                    });
                    assertThat(transport.dialled).containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(transport.maxPending).isLessThanOrEqualTo(concurrency);
                    assertThat(transport.maxPendingPerIp).isLessThanOrEqualTo(1);
                    long spacing = PeerSetConstants.MIN_OUTBOUND_PEER_CONNECTION_INTERVAL.toNanos();
                    for (int i = 1; i < transport.dialNanos.size(); i++) {
                        assertThat(transport.dialNanos.get(i) - transport.dialNanos.get(i - 1))
                                .as("spacing before dial %d", i).isGreaterThanOrEqualTo(spacing);
                    }
                    census.stop();
                    n.clock.runUntilIdle();
                    assertThat(census.done()).isCompletedWithValue(new Census.Progress(0, expected.size(), 0, 0));
                    n.net.closeAll(Duration.ofSeconds(30)); // and nothing is left running
                });
    }
}
