package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.START;
import static io.peerset.addressbook.Fixtures.addr;
import static io.peerset.addressbook.Fixtures.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Network;
import io.peerset.api.PeerAddress;
import io.peerset.api.PeerServices;
import io.peerset.api.spi.AddressChange;
import io.peerset.api.wire.AddressEntry;
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
        return Gossip.sanitize(Network.MAINNET, r.address, r.services(), r.misbehaviorScore, r.inbound, r.lastSeen(), now);
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
}
