package io.peerset.addressbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.api.Netgroups;
import io.peerset.api.PeerAddrState;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bucketed tables (issue 16 §1.3): placement, admission, test-before-evict and selection, under a manual clock. */
class AddressTablesTest {

    private static final AddressBookConfig TABLES = AddressBookConfig.builder(Network.MAINNET).build();
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();

    /** Distinct routable IPv4 addresses, spread over many /16s (first octets 20..99). */
    static PeerAddress ip(int i) {
        int first = 20 + Math.floorMod(i >>> 16, 80);
        return PeerAddress.of(new byte[] {(byte) first, (byte) (i >>> 8), (byte) i, 7}, 8233);
    }

    private AddressBookState book(long k0, long k1) {
        return new AddressBookState(TABLES, k0, k1, new SplittableRandom(1));
    }

    private void update(AddressBookState book, AddressChange change) {
        book.update(change, clock.instant(), clock.nanoTime());
        book.verify();
    }

    private AddressChange.NewGossiped gossiped(PeerAddress a, PeerAddress source, Instant seen) {
        return new AddressChange.NewGossiped(a, PeerServices.NETWORK, seen, Optional.of(source));
    }

    private static AddressChange.UpdateConnected connected(PeerAddress a) {
        return new AddressChange.UpdateConnected(a, PeerServices.NETWORK, false, "/z/", 170_100);
    }

    @Test
    void tableSizesFollowTheCapacity() {
        AddressTables t = new AddressTables(5000, 1, 2, Netgroups.defaults());
        assertThat(t.newBuckets).isEqualTo(250);
        assertThat(t.triedBuckets).isEqualTo(62);
        assertThat(t.slotCount()).isLessThanOrEqualTo(5000);
        assertThat(t.newBucketsPerSourceGroup).isEqualTo(15);
        AddressTables tiny = new AddressTables(1, 1, 2, Netgroups.defaults());
        assertThat(tiny.newBuckets).isEqualTo(1);
        assertThat(tiny.triedBuckets).isEqualTo(1);
    }

    @Test
    void oneSourceGroupFillsAtMostItsShareOfTheNewTable() {
        qt().withExamples(20).forAll(longs().all(), longs().all(), integers().between(0, 1 << 20))
                .checkAssert((k0, k1, offset) -> {
                    AddressBookState book = book(k0, k1);
                    PeerAddress source = ip(offset + 5_000_000);
                    Instant now = clock.instant();
                    for (int i = 0; i < 4000; i++) { // far more than it may hold: 15 buckets of 16
                        book.update(gossiped(ip(offset + i * 7919), source, now), now, clock.nanoTime());
                    }
                    AddressTables t = book.tables();
                    Set<Integer> buckets = new HashSet<>();
                    int held = 0;
                    for (int slot = 0; slot < t.newSlots(); slot++) {
                        if (t.at(slot) != null) {
                            buckets.add(slot / AddressTables.BUCKET_SIZE);
                            held++;
                        }
                    }
                    assertThat(buckets.size()).isLessThanOrEqualTo(t.newBucketsPerSourceGroup);
                    assertThat(held).isEqualTo(book.size()).isLessThanOrEqualTo(t.newBucketsPerSourceGroup
                            * AddressTables.BUCKET_SIZE);
                    assertThat(book.refusedByTables()).isEqualTo(4000 - held);
                    book.verify();
                });
    }

    @Test
    void placementIsStableForAKeyAndDiffersAcrossKeys() {
        AddressTables a = new AddressTables(5000, 11, 12, Netgroups.defaults());
        AddressTables same = new AddressTables(5000, 11, 12, Netgroups.defaults());
        AddressTables other = new AddressTables(5000, 11, 13, Netgroups.defaults());
        int agreeing = 0;
        for (int i = 0; i < 2000; i++) {
            PeerAddress x = ip(i * 104_729);
            PeerAddress src = ip(i * 31 + 9_000_000);
            assertThat(same.newSlot(x, src)).isEqualTo(a.newSlot(x, src));
            assertThat(same.triedSlot(x)).isEqualTo(a.triedSlot(x));
            agreeing += other.newSlot(x, src) == a.newSlot(x, src) ? 1 : 0;
        }
        assertThat(agreeing).as("slots shared by two keys (chance: 1 in 4,000)").isLessThan(20);
    }

    @Test
    void aHealthyNewOccupantKeepsItsSlotAndATerribleOneGivesItUp() {
        AddressBookState book = book(0, 0);
        PeerAddress source = ip(777_777);
        PeerAddress[] pair = sameNewSlot(book.tables(), source);
        update(book, gossiped(pair[0], source, clock.instant()));
        update(book, gossiped(pair[1], source, clock.instant()));
        assertThat(book.get(pair[1])).isEmpty();
        assertThat(book.refusedByTables()).isOne();

        update(book, new AddressChange.UpdateAttempt(pair[0]));
        update(book, AddressChange.UpdateFailed.of(pair[0])); // failed, never answered: terrible...
        update(book, gossiped(pair[1], source, clock.instant()));
        assertThat(book.get(pair[1])).as("...but not within a minute of its attempt").isEmpty();
        clock.advance(Duration.ofMinutes(2));
        update(book, gossiped(pair[1], source, clock.instant()));
        assertThat(book.get(pair[1])).isPresent();
        assertThat(book.get(pair[0])).isEmpty();
    }

    @Test
    void ourOwnConnectionTakesItsSlotWhateverHoldsIt() {
        AddressBookState book = book(0, 0);
        PeerAddress[] pair = sameNewSlot(book.tables(), null); // one new slot, each its own source
        update(book, gossiped(pair[0], pair[0], clock.instant()));
        update(book, gossiped(pair[1], pair[1], clock.instant()));
        assertThat(book.get(pair[1])).as("gossip does not displace a healthy record").isEmpty();
        update(book, new AddressChange.UpdateAttempt(pair[1])); // we dial it (an initial peer, say)
        assertThat(book.get(pair[1])).isPresent();
        assertThat(book.get(pair[0])).as("first-hand knowledge beats gossip").isEmpty();
    }

    @Test
    void anAnsweringAddressMovesToTheTriedTable() {
        AddressBookState book = book(0, 0);
        PeerAddress a = ip(4242);
        update(book, gossiped(a, ip(99_999), clock.instant()));
        assertThat(book.newTableSize()).isOne();
        update(book, new AddressChange.UpdateAttempt(a));
        update(book, connected(a));
        assertThat(book.triedTableSize()).isOne();
        assertThat(book.newTableSize()).isZero();
        update(book, AddressChange.UpdateFailed.of(a)); // the connection ended: still tried
        assertThat(book.triedTableSize()).isOne();
    }

    @Test
    void aTriedCollisionIsSettledByAFeelerThatFindsTheOccupantGone() {
        AddressBookState book = book(0, 0);
        PeerAddress[] pair = staleTriedCollision(book);
        PeerAddress occupant = pair[0];
        PeerAddress newcomer = pair[1];
        assertThat(book.pendingCollisions()).isOne();
        assertThat(book.tables().isTried(book.get(newcomer).orElseThrow().tableSlot)).isFalse();

        MetaAddr feeler = book.nextFeelerOrNull(clock.instant(), clock.nanoTime());
        book.verify();
        assertThat(feeler.address).as("the occupant is tested first").isEqualTo(occupant);
        assertThat(feeler.state).isEqualTo(PeerAddrState.ATTEMPT_PENDING);
        update(book, AddressChange.UpdateFailed.of(occupant)); // the feeler found nobody
        clock.advance(Duration.ofMinutes(2));
        book.nextFeelerOrNull(clock.instant(), clock.nanoTime());
        book.verify();
        assertThat(book.pendingCollisions()).isZero();
        assertThat(book.tables().isTried(book.get(newcomer).orElseThrow().tableSlot)).isTrue();
        assertThat(book.tables().isTried(book.get(occupant).orElseThrow().tableSlot)).as("back to new").isFalse();
    }

    @Test
    void aTriedCollisionIsSettledByAFeelerThatFindsTheOccupantAnswering() {
        AddressBookState book = book(0, 0);
        PeerAddress[] pair = staleTriedCollision(book);
        MetaAddr feeler = book.nextFeelerOrNull(clock.instant(), clock.nanoTime());
        assertThat(feeler.address).isEqualTo(pair[0]);
        update(book, connected(pair[0])); // it answers
        update(book, AddressChange.UpdateFailed.of(pair[0])); // and the feeler hangs up
        clock.advance(Duration.ofMinutes(2));
        book.nextFeelerOrNull(clock.instant(), clock.nanoTime());
        book.verify();
        assertThat(book.pendingCollisions()).isZero();
        assertThat(book.tables().isTried(book.get(pair[0]).orElseThrow().tableSlot)).isTrue();
        assertThat(book.tables().isTried(book.get(pair[1]).orElseThrow().tableSlot)).isFalse();
    }

    @Test
    void aCollisionNobodyTestsIsSettledAfterTheTestWindow() {
        AddressBookState book = book(0, 0);
        PeerAddress[] pair = staleTriedCollision(book);
        clock.advance(AddressBookConstants.TABLE_TEST_WINDOW.plusMinutes(1));
        book.nextFeelerOrNull(clock.instant(), clock.nanoTime());
        book.verify();
        assertThat(book.tables().isTried(book.get(pair[1]).orElseThrow().tableSlot)).isTrue();
    }

    @Test
    void aRecentlyAnsweringOccupantIsNeverDisplaced() {
        AddressBookState book = book(0, 0);
        PeerAddress[] pair = sameTriedSlot(book.tables());
        update(book, connected(pair[0])); // connected now
        update(book, connected(pair[1]));
        assertThat(book.pendingCollisions()).isOne();
        clock.advance(Duration.ofMinutes(2));
        MetaAddr feeler = book.nextFeelerOrNull(clock.instant(), clock.nanoTime());
        assertThat(book.pendingCollisions()).isZero();
        assertThat(feeler == null || !feeler.address.equals(pair[0])).isTrue();
        assertThat(book.tables().isTried(book.get(pair[0]).orElseThrow().tableSlot)).isTrue();
    }

    @Test
    void untriedAddressesAreDialledInSecretOrderNotByClaimedFreshness() {
        AddressBookState book = book(5, 6);
        Instant now = clock.instant();
        Set<PeerAddress> fresh = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            PeerAddress a = ip(i * 65_537 + 3);
            boolean claimsNow = i % 2 == 0;
            update(book, gossiped(a, ip(i * 65_537 + 4), claimsNow ? now : now.minus(Duration.ofHours(2))));
            if (claimsNow && book.get(a).isPresent()) {
                fresh.add(a);
            }
        }
        int freshFirst = 0;
        for (int i = 0; i < 100; i++) {
            MetaAddr c = book.nextCandidateOrNull(clock.instant(), clock.nanoTime(), x -> true);
            freshFirst += fresh.contains(c.address) ? 1 : 0;
        }
        assertThat(freshFirst).as("the reference would take 100 claiming 'now' first").isBetween(30, 70);
    }

    @Test
    void selectionTakesTheTriedAndTheNewTableAlike() {
        AddressBookState book = book(7, 8);
        Set<PeerAddress> tried = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            PeerAddress a = ip(i * 65_537 + 11);
            update(book, connected(a));
            update(book, AddressChange.UpdateFailed.of(a));
            if (book.tables().isTried(book.get(a).orElseThrow().tableSlot)) {
                tried.add(a);
            }
        }
        for (int i = 0; i < 60; i++) {
            update(book, gossiped(ip(i * 65_537 + 12), ip(i * 65_537 + 13), clock.instant()));
        }
        clock.advance(Duration.ofMinutes(10)); // past every reconnection window
        int fromTried = 0;
        for (int i = 0; i < 40; i++) {
            MetaAddr c = book.nextCandidateOrNull(clock.instant(), clock.nanoTime(), x -> true);
            fromTried += tried.contains(c.address) ? 1 : 0;
            book.verify();
        }
        assertThat(tried).hasSizeGreaterThan(50);
        assertThat(fromTried).isBetween(10, 30);
    }

    @Test
    void withoutTablesNoFeelerIsProposed() {
        AddressBookState reference = new AddressBookState(Fixtures.mainnet());
        reference.update(gossiped(ip(1), ip(2), clock.instant()), clock.instant(), clock.nanoTime());
        assertThat(reference.nextFeelerOrNull(clock.instant(), clock.nanoTime())).isNull();
        assertThat(reference.newTableSize()).isZero();
    }

    /** @return two addresses with one new slot (as told by {@code source}, or each by itself when null) */
    private static PeerAddress[] sameNewSlot(AddressTables t, PeerAddress source) {
        Map<Integer, PeerAddress> seen = new HashMap<>();
        for (int i = 0; ; i++) {
            PeerAddress a = source == null ? ip(i * 13) : ip(source.hashCode() + i * 65_537);
            int slot = t.newSlot(a, source == null ? a : source);
            PeerAddress before = seen.putIfAbsent(slot, a);
            if (before != null) {
                return new PeerAddress[] {before, a};
            }
        }
    }

    /**
     * The occupant of a tried slot answered, then went quiet for 5 h (past the 4 h replacement time);
     * a newcomer for the same slot has just answered.
     *
     * @return the occupant and the newcomer
     */
    private PeerAddress[] staleTriedCollision(AddressBookState book) {
        PeerAddress[] pair = sameTriedSlot(book.tables());
        update(book, connected(pair[0]));
        update(book, AddressChange.UpdateFailed.of(pair[0]));
        clock.advance(Duration.ofHours(5));
        update(book, connected(pair[1]));
        return pair;
    }

    private static PeerAddress[] sameTriedSlot(AddressTables t) {
        Map<Integer, PeerAddress> seen = new HashMap<>();
        for (int i = 0; ; i++) {
            PeerAddress a = ip(i * 257);
            PeerAddress before = seen.putIfAbsent(t.triedSlot(a), a);
            if (before != null) {
                return new PeerAddress[] {before, a};
            }
        }
    }

    @Test
    void aDiscouragedAddressIsNeverDialledNorGossipedAndLeavesItsSlot() {
        AddressBookState book = book(3, 4);
        PeerAddress a = ip(5150);
        update(book, connected(a));
        update(book, AddressChange.UpdateFailed.of(a));
        update(book, new AddressChange.UpdateMisbehavior(a, 49, "bad messages"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(book.nextCandidateOrNull(clock.instant(), clock.nanoTime(), x -> true)).isNotNull();
        update(book, AddressChange.UpdateFailed.of(a));
        update(book, new AddressChange.UpdateMisbehavior(a, 1, "one more"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(book.get(a)).hasValueSatisfying(r -> assertThat(r.misbehaviorScore).isEqualTo(50));
        assertThat(book.nextCandidateOrNull(clock.instant(), clock.nanoTime(), x -> true)).as("discouraged").isNull();
        assertThat(book.triedTableSize()).isZero();

        AddressBookState reference = new AddressBookState(Fixtures.mainnet());
        reference.update(connected(a), clock.instant(), clock.nanoTime());
        reference.update(AddressChange.UpdateFailed.of(a), clock.instant(), clock.nanoTime());
        reference.update(new AddressChange.UpdateMisbehavior(a, 60, "bad"), clock.instant(), clock.nanoTime());
        clock.advance(Duration.ofMinutes(10));
        assertThat(reference.nextCandidateOrNull(clock.instant(), clock.nanoTime(), x -> true))
                .as("the reference still dials it").isNotNull();
    }
}
