package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.addr;
import static io.peerset.addressbook.Fixtures.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerAddrState;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AddressBookStateTest {

    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();

    private boolean update(AddressBookState book, AddressChange change) {
        return book.update(change, clock.instant(), clock.nanoTime());
    }

    private Optional<MetaAddr> next(AddressBookState book) {
        return book.nextCandidate(clock.instant(), clock.nanoTime());
    }

    private static AddressChange connected(PeerAddress a) {
        return new AddressChange.UpdateConnected(a, PeerServices.NETWORK, false, "/z/", 170_100);
    }

    /**
     * Found by the QuickTheories property: a book of capacity 1 remembered one removed-in-window
     * address, so a second eviction made it forget the first, which was then handed out again
     * within 119 s.
     */
    @Test
    void aSmallBookRemembersEveryHandedOutAddressItEvictsUntilItsWindowEnds() {
        AddressBookState book = new AddressBookState(io.peerset.api.spi.AddressBookConfig
                .builder(io.peerset.wire.Network.MAINNET).capacity(1).build());
        PeerAddress first = v4(1, 8233);
        PeerAddress other = v4(2, 8233);
        update(book, new AddressChange.NewInitial(first));
        assertThat(book.nextCandidate(clock.instant(), clock.nanoTime())).map(r -> r.address).hasValue(first);
        update(book, new AddressChange.NewInitial(other)); // evicts the pending record
        for (int i = 3; i < 50; i++) {
            update(book, new AddressChange.UpdateAttempt(v4(i, 8233))); // each created, then evicted in its window
        }
        update(book, new AddressChange.NewInitial(first));
        assertThat(book.inReconnectionOrder()).extracting(r -> r.address).doesNotContain(first);
        clock.advance(io.peerset.api.PeerSetConstants.MIN_PEER_RECONNECTION_DELAY);
        update(book, new AddressChange.NewInitial(first));
        assertThat(book.inReconnectionOrder()).extracting(r -> r.address).contains(first);
    }

    /**
     * issue 14 §6: a peer redialling us from a new ephemeral port each time left one failed record
     * per connection (about 25 a minute), which nothing removed.
     */
    @Test
    void anInboundConnectionsRecordLeavesWithItsConnection() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        List<io.peerset.api.NodeEvent.AddressBookEvent> events = new java.util.ArrayList<>();
        book.eventSink(events);
        for (int port = 40_000; port < 40_100; port++) {
            PeerAddress ephemeral = v4(7, port);
            update(book, new AddressChange.UpdateConnected(ephemeral, PeerServices.NETWORK, true, "/bcoin:2.2.0/", 170_100));
            update(book, new AddressChange.UpdatePingSent(ephemeral));
            clock.advance(Duration.ofSeconds(2));
            assertThat(update(book, AddressChange.UpdateFailed.ofInbound(ephemeral))).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(book.size()).isZero();
        assertThat(events).filteredOn(io.peerset.api.NodeEvent.AddressRemoved.class::isInstance).hasSize(100)
                .allSatisfy(e -> assertThat(((io.peerset.api.NodeEvent.AddressRemoved) e).cause())
                        .isEqualTo(io.peerset.api.NodeEvent.AddressRemovalCause.INBOUND_CLOSED));
        book.verify();
    }

    @Test
    void anInboundConnectionsEndCreatesNoRecordAndLeavesAListenerRecordAlone() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        // its record was evicted (or its handshake never reached the book): the ephemeral address must
        // not come back as a failed, dialable record
        assertThat(update(book, AddressChange.UpdateFailed.ofInbound(v4(7, 40_000)))).isFalse();
        assertThat(book.size()).isZero();
        PeerAddress listener = v4(8, 8233);
        update(book, connected(listener));
        clock.advance(Duration.ofSeconds(10));
        assertThat(update(book, AddressChange.UpdateFailed.ofInbound(listener))).isFalse();
        assertThat(book.get(listener)).map(r -> r.state).hasValue(PeerAddrState.RESPONDED);
        // an outbound connection's end still marks its record failed, as the reference does
        assertThat(update(book, AddressChange.UpdateFailed.of(listener))).isTrue();
        assertThat(book.get(listener)).map(r -> r.state).hasValue(PeerAddrState.FAILED);
    }

    @Test
    void anInboundRecordWithAMisbehaviourScoreOutlivesItsConnection() {
        // security: a peer must not shed its score by hanging up before the next 30 s flush
        // (reference 4.13; a report below the limit creates no record, Appendix A.10)
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        PeerAddress ephemeral = v4(9, 40_000);
        update(book, new AddressChange.UpdateConnected(ephemeral, PeerServices.NETWORK, true, "/x/", 170_100));
        update(book, new AddressChange.UpdateMisbehavior(ephemeral, 60, "invalid block"));
        clock.advance(Duration.ofSeconds(10));
        update(book, AddressChange.UpdateFailed.ofInbound(ephemeral));
        assertThat(book.get(ephemeral)).map(r -> r.misbehaviorScore).hasValue(60);
        assertThat(update(book, new AddressChange.UpdateMisbehavior(ephemeral, 40, "invalid block"))).isTrue();
        assertThat(book.isBanned(ephemeral.ip(), clock.instant())).isTrue();
    }

    @Test
    void aReportAtTheLimitBansEvenAPeerWhoseRecordWasJustEvicted() {
        AddressBookState book = new AddressBookState(io.peerset.api.spi.AddressBookConfig
                .builder(io.peerset.wire.Network.MAINNET).capacity(1).build());
        PeerAddress bad = v4(1, 8233);
        update(book, new AddressChange.NewInitial(bad));
        assertThat(next(book)).isPresent();
        update(book, new AddressChange.NewInitial(v4(2, 8233))); // evicts bad, inside its window
        assertThat(update(book, new AddressChange.UpdateMisbehavior(bad, 100, "invalid block"))).isTrue();
        assertThat(book.isBanned(bad.ip(), clock.instant())).isTrue();
    }

    @Test
    void inboundRecordsLeaveNoWindowMemoryBehind() {
        AddressBookState book = new AddressBookState(io.peerset.api.spi.AddressBookConfig
                .builder(io.peerset.wire.Network.MAINNET).capacity(1).build());
        PeerAddress handedOut = v4(1, 8233);
        update(book, new AddressChange.NewInitial(handedOut));
        assertThat(next(book)).map(r -> r.address).hasValue(handedOut);
        update(book, new AddressChange.NewInitial(v4(2, 8233))); // evicts the pending record
        for (int i = 3; i < 3 + 2 * io.peerset.addressbook.AddressBookConstants.MIN_REMOVED_IN_WINDOW_MEMORY; i++) {
            // an inbound burst: each connected inbound record evicts the one before
            update(book, new AddressChange.UpdateConnected(PeerAddress.parse("198.51." + (i / 250) + "." + (i % 250 + 1)
                    + ":40000"), PeerServices.NETWORK, true, "/z/", 170_100));
        }
        update(book, new AddressChange.NewInitial(handedOut));
        assertThat(book.inReconnectionOrder()).extracting(r -> r.address).as("still remembered").doesNotContain(handedOut);
    }

    @Test
    void emptyBookHasNoCandidates() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        assertThat(book.size()).isZero();
        assertThat(next(book)).isEmpty();
    }

    @Test
    void moreRecentGossipIsTriedFirstWhateverTheInsertionOrder() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        PeerAddress older = v4(1, 8233);
        PeerAddress newer = v4(2, 8233);
        update(book, new AddressChange.NewGossiped(newer, PeerServices.NETWORK, clock.instant().minusSeconds(10)));
        update(book, new AddressChange.NewGossiped(older, PeerServices.NETWORK, clock.instant().minusSeconds(1000)));
        assertThat(book.inReconnectionOrder()).extracting(r -> r.address).containsExactly(newer, older);
        assertThat(next(book).get().address).isEqualTo(newer);
        assertThat(next(book).get().address).isEqualTo(older);
        assertThat(next(book)).isEmpty();
    }

    @Test
    void reconnectionOrderIsRespondedNeverAttemptedFailedThenPending() {
        AddressBookState book = new AddressBookState(Fixtures.reference()
                .maxConnectionsPerIp(2).build());
        PeerAddress failed = v4(1, 8233);
        PeerAddress responded = v4(2, 8233);
        PeerAddress gossiped = v4(3, 8233);
        update(book, connected(responded));
        update(book, new AddressChange.UpdateAttempt(failed));
        clock.advance(Duration.ofSeconds(10));
        update(book, AddressChange.UpdateFailed.of(failed));
        update(book, new AddressChange.NewGossiped(gossiped, PeerServices.NETWORK, clock.instant()));
        assertThat(book.inReconnectionOrder()).extracting(r -> r.address).containsExactly(responded, gossiped, failed);
        assertThat(next(book).get().address).isEqualTo(gossiped); // the others are inside their 119 s window
        clock.advance(Duration.ofSeconds(120));
        assertThat(next(book).get().address).isEqualTo(responded);
        // the failed record has no last-seen time (never heard of by anyone): still retried
        assertThat(next(book).get().address).isEqualTo(failed);
        assertThat(book.inReconnectionOrder()).allMatch(r -> r.state == PeerAddrState.ATTEMPT_PENDING);
    }

    @Test
    void candidatesWaitTheReconnectionWindow() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        PeerAddress a = v4(1, 8233);
        update(book, new AddressChange.NewInitial(a));
        assertThat(next(book)).map(r -> r.state).contains(PeerAddrState.ATTEMPT_PENDING);
        clock.advance(Duration.ofSeconds(118));
        assertThat(next(book)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(next(book).get().address).isEqualTo(a);
    }

    @Test
    void failedPeersNotSeenForThreeDaysAreNeverRetried() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        PeerAddress a = v4(1, 8233);
        update(book, new AddressChange.NewGossiped(a, PeerServices.NETWORK, clock.instant().minus(Duration.ofDays(2))));
        assertThat(next(book)).isPresent();
        clock.advance(Duration.ofSeconds(30));
        update(book, AddressChange.UpdateFailed.of(a));
        clock.advance(Duration.ofSeconds(120));
        assertThat(next(book)).isPresent(); // last seen 2 days ago: probably reachable
        clock.advance(Duration.ofSeconds(30));
        update(book, AddressChange.UpdateFailed.of(a));
        clock.advance(Duration.ofDays(1));
        assertThat(book.isReadyForAttempt(book.get(a).get(), clock.instant(), clock.nanoTime())).isFalse();
        assertThat(next(book)).isEmpty();
        assertThat(book.size()).isEqualTo(1);
    }

    @Test
    void sameIpFilterSkipsOnRecentResponseOnly() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        PeerAddress live = v4(1, 8233);
        PeerAddress sameIp = v4(1, 9999);
        update(book, connected(live));
        update(book, new AddressChange.NewGossiped(sameIp, PeerServices.NETWORK, clock.instant()));
        assertThat(next(book)).isEmpty();
        clock.advance(Duration.ofSeconds(119));
        assertThat(next(book)).isPresent();

        AddressBookState other = new AddressBookState(Fixtures.mainnet());
        update(other, new AddressChange.UpdateAttempt(live));
        update(other, new AddressChange.NewGossiped(sameIp, PeerServices.NETWORK, clock.instant()));
        assertThat(next(other).get().address).isEqualTo(sameIp); // a recent attempt does not skip the IP

        AddressBookState many = new AddressBookState(Fixtures.reference()
                .maxConnectionsPerIp(2).build());
        update(many, connected(live));
        update(many, new AddressChange.NewGossiped(sameIp, PeerServices.NETWORK, clock.instant()));
        assertThat(next(many).get().address).isEqualTo(sameIp);
    }

    @Test
    void inboundRecordsAreKeptButNeverCandidates() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        PeerAddress a = v4(1, 50_123);
        update(book, new AddressChange.UpdateConnected(a, PeerServices.NETWORK, true, "/z/", 170_100));
        clock.advance(Duration.ofDays(1));
        assertThat(book.size()).isEqualTo(1);
        assertThat(next(book)).isEmpty();
    }

    @Test
    void invalidAndNonServingAddressesAreNotStored() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        assertThat(update(book, new AddressChange.NewInitial(addr("203.0.113.6:8232")))).isFalse();
        assertThat(update(book, new AddressChange.NewInitial(addr("0.0.0.0:8233")))).isFalse();
        assertThat(update(book, new AddressChange.NewGossiped(addr("203.0.113.6:8233"), PeerServices.NONE,
                clock.instant()))).isFalse();
        assertThat(book.size()).isZero();
        // a responded peer without NODE_NETWORK is stored (we know it) but never dialled
        assertThat(update(book, new AddressChange.UpdateConnected(addr("203.0.113.6:8233"), PeerServices.NONE,
                false, "/z/", 1))).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(next(book)).isEmpty();
    }

    @Test
    void capacityEvictsTheRecordThatSortsLast() {
        AddressBookState book = new AddressBookState(Fixtures.reference().capacity(3).build());
        update(book, new AddressChange.UpdateAttempt(v4(9, 8233)));
        for (int i = 1; i <= 5; i++) {
            update(book, new AddressChange.NewGossiped(v4(i, 8233), PeerServices.NETWORK,
                    clock.instant().minusSeconds(i)));
        }
        assertThat(book.size()).isEqualTo(3);
        assertThat(book.inReconnectionOrder()).extracting(r -> r.address)
                .containsExactly(v4(1, 8233), v4(2, 8233), v4(3, 8233));
    }

    @Test
    void anAddressEvictedInsideItsWindowCannotComeBackAsNewUntilTheWindowEnds() {
        AddressBookState book = new AddressBookState(Fixtures.reference().capacity(1).build());
        PeerAddress a = v4(1, 8233);
        update(book, new AddressChange.NewInitial(a));
        assertThat(next(book).get().address).isEqualTo(a);
        update(book, new AddressChange.NewInitial(v4(2, 8233))); // evicts the pending attempt
        assertThat(book.get(a)).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(update(book, new AddressChange.NewInitial(a))).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(update(book, new AddressChange.NewInitial(a))).isTrue();
    }

    @Test
    void banRemovesEveryRecordOfTheIpAndRejectsLaterChanges() {
        AddressBookState book = new AddressBookState(Fixtures.reference()
                .maxConnectionsPerIp(3).build());
        PeerAddress bad = v4(7, 8233);
        update(book, connected(bad));
        update(book, new AddressChange.NewGossiped(v4(7, 1000), PeerServices.NETWORK, clock.instant()));
        update(book, new AddressChange.NewGossiped(v4(8, 8233), PeerServices.NETWORK, clock.instant()));
        update(book, new AddressChange.NewGossiped(v4(7, 2000), PeerServices.NETWORK, clock.instant()));
        update(book, new AddressChange.UpdateMisbehavior(bad, 60, "test"));
        assertThat(book.size()).isEqualTo(4);
        update(book, new AddressChange.UpdateMisbehavior(bad, 40, "test"));
        assertThat(book.inReconnectionOrder()).extracting(r -> r.address).containsExactly(v4(8, 8233));
        assertThat(book.isBanned(bad.ip(), clock.instant())).isTrue();
        assertThat(update(book, new AddressChange.NewInitial(v4(7, 3000)))).isFalse();
        assertThat(book.size()).isEqualTo(1);
    }

    /** Issue 16 §1.5: an IPv6 ban covers the address's /64, and every record in it leaves the book. */
    @Test
    void anIpv6BanCoversItsSlash64() {
        AddressBookState book = new AddressBookState(Fixtures.reference()
                .maxConnectionsPerIp(3).build());
        PeerAddress bad = PeerAddress.parse("[2a01:4f8:1:2::10]:8233");
        PeerAddress neighbour = PeerAddress.parse("[2a01:4f8:1:2:ffff::1]:8233");
        PeerAddress otherSlash64 = PeerAddress.parse("[2a01:4f8:1:3::10]:8233");
        update(book, connected(bad));
        update(book, new AddressChange.NewGossiped(neighbour, PeerServices.NETWORK, clock.instant()));
        update(book, new AddressChange.NewGossiped(otherSlash64, PeerServices.NETWORK, clock.instant()));
        update(book, new AddressChange.UpdateMisbehavior(bad, 100, "test"));
        assertThat(book.inReconnectionOrder()).extracting(r -> r.address).containsExactly(otherSlash64);
        assertThat(book.isBanned(neighbour.ip(), clock.instant())).isTrue();
        assertThat(book.isBannedAt(PeerAddress.parse("[2a01:4f8:1:2::99]:1").ip(), clock.instant())).isTrue();
        assertThat(book.isBanned(otherSlash64.ip(), clock.instant())).isFalse();
        assertThat(update(book, new AddressChange.NewInitial(neighbour))).isFalse();
        assertThat(book.bansInForce(clock.instant())).singleElement()
                .satisfies(b -> assertThat(b.ip().getHostAddress()).isEqualTo("2a01:4f8:1:2:0:0:0:0"));
        // IPv4 bans stay per address
        update(book, new AddressChange.UpdateMisbehavior(v4(7, 8233), 100, "test"));
        assertThat(book.isBanned(v4(8, 8233).ip(), clock.instant())).isFalse();
    }

    @Test
    void misbehaviourDoesNotCreateRecordsButAReportAtTheLimitBans() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        assertThat(update(book, new AddressChange.UpdateMisbehavior(v4(1, 8233), 99, "test"))).isFalse();
        assertThat(book.size()).isZero();
        assertThat(update(book, new AddressChange.UpdateMisbehavior(v4(1, 8233), 100, "test"))).isTrue();
        assertThat(book.isBanned(v4(1, 8233).ip(), clock.instant())).isTrue();
    }

    @Test
    void bansExpireAndTheListIsBoundedOldestFirst() {
        AddressBookState book = new AddressBookState(Fixtures.reference()
                .banDuration(Duration.ofHours(1)).maxBannedIps(2).build());
        for (int i = 1; i <= 3; i++) {
            update(book, new AddressChange.UpdateMisbehavior(v4(i, 8233), 100, "test"));
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(book.bans(clock.instant())).extracting(b -> b.ip())
                .containsExactly(v4(2, 1).ip(), v4(3, 1).ip());
        assertThat(book.bans(clock.instant()).get(0).expiresAt())
                .isEqualTo(book.bans(clock.instant()).get(0).bannedAt().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(58));
        assertThat(book.bans(clock.instant())).extracting(b -> b.ip()).containsExactly(v4(3, 1).ip());
        clock.advance(Duration.ofMinutes(1));
        assertThat(book.bans(clock.instant())).isEmpty();
        assertThat(update(book, new AddressChange.NewInitial(v4(3, 8233)))).isTrue();
    }

    @Test
    void gossipCannotReviveAFailedRecord() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        PeerAddress a = v4(1, 8233);
        update(book, AddressChange.UpdateFailed.of(a));
        clock.advance(Duration.ofMinutes(10));
        assertThat(update(book, new AddressChange.NewGossiped(a, PeerServices.NETWORK, clock.instant()))).isFalse();
        assertThat(book.get(a).get().state).isEqualTo(PeerAddrState.FAILED);
    }

    @Test
    void candidateIndexAgreesWithTheReferenceFilterInOrder() {
        AddressBookState book = new AddressBookState(Fixtures.mainnet());
        for (int i = 1; i <= 20; i++) {
            update(book, new AddressChange.NewGossiped(v4(i, 8233), PeerServices.NETWORK,
                    clock.instant().minusSeconds(i * 7L % 13)));
        }
        update(book, connected(v4(3, 8233)));
        update(book, AddressChange.UpdateFailed.of(v4(4, 8233)));
        clock.advance(Duration.ofSeconds(30));
        List<PeerAddress> expected = book.inReconnectionOrder().stream()
                .filter(r -> book.isReadyForAttempt(r, clock.instant(), clock.nanoTime()))
                .map(r -> r.address).collect(Collectors.toList());
        assertThat(expected).hasSize(18);
        for (PeerAddress e : expected) {
            assertThat(next(book).get().address).isEqualTo(e);
        }
        assertThat(next(book)).isEmpty();
    }
}
