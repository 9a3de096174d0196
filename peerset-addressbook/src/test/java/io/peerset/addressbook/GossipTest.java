package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.START;
import static io.peerset.addressbook.Fixtures.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.spi.AddressChange;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GossipTest {

    private static final long T0 = 1_000_000_000_000L;

    private static Optional<AddressEntry> gossip(AddressChange change, Instant at, Instant now) {
        MetaAddr r = MetaAddr.apply(null, change, at, T0).orElseThrow();
        return Gossip.sanitize(Network.MAINNET, r.address, r.services(), r.misbehaviorScore, r.inbound(), r.lastSeen(), now);
    }

    @Test
    void gossipability() {
        PeerAddress a = addr("203.0.113.6:8233");
        Instant now = START;
        assertThat(gossip(new AddressChange.NewLocal(a), now, now)).isPresent();
        assertThat(gossip(new AddressChange.NewGossiped(a, PeerServices.NETWORK, now.minusSeconds(60)), now, now)).isPresent();
        assertThat(gossip(new AddressChange.NewGossiped(a, PeerServices.NETWORK, now.plusSeconds(600)), now, now)).isPresent();
        assertThat(gossip(new AddressChange.NewGossiped(a, PeerServices.NETWORK, now.minus(Duration.ofHours(4))), now, now))
                .isEmpty();
        AddressChange connected = new AddressChange.UpdateConnected(a, PeerServices.NETWORK, false, "/z/", 1);
        assertThat(gossip(connected, now, now)).isPresent();
        assertThat(gossip(connected, now.minus(Duration.ofHours(2)), now)).isPresent();
        assertThat(gossip(connected, now.minus(Duration.ofHours(4)), now)).isEmpty();
        assertThat(gossip(new AddressChange.UpdateConnected(a, PeerServices.NETWORK, true, "/z/", 1), now, now)).isEmpty();
        assertThat(gossip(new AddressChange.NewInitial(a), now, now)).isEmpty(); // no last seen
    }

    @Test
    void timestampsAreTruncatedDownToHalfHours() {
        Instant seen = Instant.parse("2026-01-01T10:59:59Z");
        AddressEntry e = gossip(new AddressChange.NewGossiped(addr("203.0.113.6:8233"), new PeerServices(5), seen),
                seen, seen).orElseThrow();
        assertThat(e.lastSeen()).isEqualTo(Instant.parse("2026-01-01T10:30:00Z"));
        assertThat(e.services()).isEqualTo(new PeerServices(5));
        assertThat(Gossip.sanitize(Network.MAINNET, addr("203.0.113.6:8233"), Optional.empty(), 0, false,
                Optional.of(Instant.EPOCH), Instant.EPOCH).orElseThrow().services()).isEqualTo(PeerServices.NETWORK);
    }

    @Test
    void misbehavingAndUnspecifiedRecordsAreNotGossiped() {
        assertThat(Gossip.sanitize(Network.MAINNET, addr("203.0.113.6:8233"), Optional.empty(), 1, false,
                Optional.of(START), START)).isEmpty();
        assertThat(Gossip.sanitize(Network.MAINNET, addr("[::]:8233"), Optional.empty(), 0, false,
                Optional.of(START), START)).isEmpty();
    }

    @Test
    void localListenerIsIncludedOnlyWhenRoutable() {
        List<AddressEntry> withListener = Gossip.sanitized(Network.MAINNET, List.of(),
                Optional.of(addr("203.0.113.9:8233")), START, new SplittableRandom(1));
        assertThat(withListener).containsExactly(new AddressEntry(START, PeerServices.NETWORK, addr("203.0.113.9:8233")));
        assertThat(Gossip.sanitized(Network.MAINNET, List.of(), Optional.of(addr("[::]:8233")), START,
                new SplittableRandom(1))).isEmpty();
    }

    @Test
    void answerIsHalfTheBookCappedAtOneThousandAndShuffled() {
        List<MetaAddr> records = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            PeerAddress a = PeerAddress.of(new byte[] {10, (byte) (i >> 8), (byte) i, 1}, 8233);
            records.add(MetaAddr.apply(null, new AddressChange.NewGossiped(a, PeerServices.NETWORK, START), START, T0)
                    .orElseThrow());
        }
        List<AddressEntry> all = Gossip.sanitized(Network.MAINNET, records, Optional.empty(), START, new SplittableRandom(7));
        assertThat(all).hasSize(2_500);
        assertThat(Gossip.getAddrResponse(all)).hasSize(1_000);
        assertThat(Gossip.getAddrResponse(all.subList(0, 7))).hasSize(4);
        assertThat(Gossip.getAddrResponse(List.of())).isEmpty();
        List<PeerAddress> inOrder = new ArrayList<>();
        records.forEach(r -> inOrder.add(r.address));
        List<PeerAddress> shuffled = new ArrayList<>();
        all.forEach(e -> shuffled.add(e.address()));
        assertThat(shuffled).isNotEqualTo(inOrder).containsExactlyInAnyOrderElementsOf(inOrder);
        List<AddressEntry> again = Gossip.sanitized(Network.MAINNET, records, Optional.empty(), START, new SplittableRandom(7));
        assertThat(again).isEqualTo(all); // injected randomness: reproducible
    }

    private static MetaAddr gossiped(int i, Instant seen) {
        PeerAddress a = PeerAddress.of(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}, 8233);
        return MetaAddr.apply(null, new AddressChange.NewGossiped(a, PeerServices.NETWORK, seen), START, T0)
                .orElseThrow();
    }

    @Test
    void theSampledAnswerHasTheReferenceSizeOnEitherSideOfTheScanLimit() {
        for (int eligible : new int[] {0, 1, 7, 1_998, 1_999, 2_000, Gossip.SCAN_LIMIT, Gossip.SCAN_LIMIT + 1, 20_000}) {
            for (int stale : new int[] {0, 3_000, 30_000}) {
                MetaAddr[] records = new MetaAddr[eligible + stale];
                for (int i = 0; i < records.length; i++) {
                    records[i] = gossiped(i, i < eligible ? START : START.minus(Duration.ofHours(4)));
                }
                List<AddressEntry> answer = Gossip.sample(Network.MAINNET, records, records.length, Optional.empty(),
                        START, new SplittableRandom(eligible + stale));
                assertThat(answer).as("%d eligible, %d stale", eligible, stale)
                        .hasSize(Math.min(1_000, (eligible + 1) / 2))
                        .allMatch(e -> !e.lastSeen().isBefore(START.minus(Duration.ofHours(3))))
                        .doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void theSampledAnswerIsUniformOverTheEligibleRecordsAndIncludesTheListenerFairly() {
        int eligible = 10_000;
        MetaAddr[] records = new MetaAddr[eligible + 10_000];
        for (int i = 0; i < records.length; i++) {
            records[i] = gossiped(i, i % 2 == 0 ? START : START.minus(Duration.ofHours(4)));
        }
        PeerAddress listener = addr("203.0.113.9:8233");
        SplittableRandom random = new SplittableRandom(11);
        int rounds = 400;
        int[] hits = new int[records.length];
        int listenerHits = 0;
        for (int round = 0; round < rounds; round++) {
            for (AddressEntry e : Gossip.sample(Network.MAINNET, records, records.length, Optional.of(listener), START,
                    random)) {
                if (e.address().equals(listener)) {
                    listenerHits++;
                } else {
                    byte[] ip = e.address().ip().getAddress();
                    hits[((ip[1] & 0xff) << 16) | ((ip[2] & 0xff) << 8) | (ip[3] & 0xff)]++;
                }
            }
        }
        // Each of the 10,001 eligible candidates is in an answer with probability 1,000 / 10,001:
        // about 40 of 400 answers (binomial, standard deviation about 6).
        double expected = rounds * 1_000.0 / (eligible + 1);
        for (int i = 0; i < records.length; i++) {
            if (i % 2 == 1) {
                assertThat(hits[i]).as("stale record %d", i).isZero();
            } else {
                assertThat(hits[i]).as("record %d", i).isBetween((int) (expected - 40), (int) (expected + 40));
            }
        }
        assertThat(listenerHits).isBetween((int) (expected - 40), (int) (expected + 40));
        // The halves of the eligible records are hit equally often overall (a bias towards early
        // positions would show here).
        long firstHalf = 0;
        long secondHalf = 0;
        for (int i = 0; i < records.length; i += 2) {
            if (i < records.length / 2) {
                firstHalf += hits[i];
            } else {
                secondHalf += hits[i];
            }
        }
        assertThat((double) firstHalf / secondHalf).isBetween(0.97, 1.03);
    }
}
