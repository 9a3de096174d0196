package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.NodeEvent.AddressBookEvent;
import io.peerset.api.NodeEvent.AddressRemovalCause;
import io.peerset.api.NodeEvent.AddressRemoved;
import io.peerset.api.NodeEvent.AddressStateChanged;
import io.peerset.api.NodeEvent.IpBanned;
import io.peerset.api.PeerAddrState;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressChange;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The events {@link DefaultAddressBook} reports to its listeners. */
class AddressBookEventsTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final List<AddressBookEvent> events = new ArrayList<>();

    private AddressBook book(AddressBookConfig config) {
        AddressBook book = new DefaultAddressBook(config,
                new AddressBookContext(scheduler, new SplittableRandom(7), scheduler, scheduler));
        book.addListener(events::add);
        return book;
    }

    /** Applies what was submitted and returns the events delivered meanwhile. */
    private List<AddressBookEvent> settle() {
        scheduler.runUntilIdle();
        List<AddressBookEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    private static AddressStateChanged created(PeerAddress a, PeerAddrState state) {
        return new AddressStateChanged(a, Optional.empty(), state);
    }

    private static AddressStateChanged changed(PeerAddress a, PeerAddrState from, PeerAddrState to) {
        return new AddressStateChanged(a, Optional.of(from), to);
    }

    private static AddressChange connected(PeerAddress a) {
        return new AddressChange.UpdateConnected(a, PeerServices.NETWORK, false, "/z/", 170_100);
    }

    @Test
    void aRecordsLifeIsReportedStateByStateAndUnchangedStatesAreNot() throws Exception {
        AddressBook book = book(Fixtures.mainnet());
        PeerAddress a = v4(1, 8233);
        book.submit(new AddressChange.NewGossiped(a, PeerServices.NETWORK, scheduler.instant()));
        assertThat(settle()).containsExactly(created(a, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED));

        // Gossip again: same state, only times might move.
        book.submit(new AddressChange.NewGossiped(a, PeerServices.NETWORK, scheduler.instant()));
        assertThat(settle()).isEmpty();

        CompletableFuture<Optional<AddressBookEntry>> next = book.nextReconnectCandidate();
        assertThat(settle()).containsExactly(
                changed(a, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, PeerAddrState.ATTEMPT_PENDING));
        assertThat(next.get()).map(AddressBookEntry::address).contains(a);

        scheduler.advance(Duration.ofSeconds(1));
        book.submit(connected(a));
        assertThat(settle()).containsExactly(changed(a, PeerAddrState.ATTEMPT_PENDING, PeerAddrState.RESPONDED));

        scheduler.advance(Duration.ofSeconds(10));
        book.submit(new AddressChange.UpdatePingSent(a));
        scheduler.advance(Duration.ofSeconds(1));
        book.submit(new AddressChange.UpdateResponded(a, Duration.ofMillis(80)));
        assertThat(settle()).as("responded stays responded").isEmpty();

        scheduler.advance(Duration.ofSeconds(10));
        book.submit(AddressChange.UpdateFailed.of(a, PeerServices.NETWORK));
        assertThat(settle()).containsExactly(changed(a, PeerAddrState.RESPONDED, PeerAddrState.FAILED));
        assertThat(book.entry(a).map(AddressBookEntry::state)).contains(PeerAddrState.FAILED);
    }

    @Test
    void aRecordCreatedByAHandshakeStartsInThatState() {
        AddressBook book = book(Fixtures.mainnet());
        book.submit(connected(v4(1, 8233)));
        assertThat(settle()).containsExactly(created(v4(1, 8233), PeerAddrState.RESPONDED));
    }

    @Test
    void aMisbehaviourReportBelowTheLimitReportsOnlyTheStateItChanges() {
        AddressBook book = book(Fixtures.mainnet());
        PeerAddress a = v4(1, 8233);
        book.submit(new AddressChange.NewInitial(a));
        book.submit(new AddressChange.UpdateMisbehavior(a, 10, "odd message"));
        assertThat(settle()).containsExactly(created(a, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED),
                changed(a, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, PeerAddrState.FAILED));
        book.submit(new AddressChange.UpdateMisbehavior(a, 10, "odd message"));
        assertThat(settle()).as("failed stays failed").isEmpty();
        book.submit(new AddressChange.UpdateMisbehavior(v4(2, 8233), 10, "no record"));
        assertThat(settle()).isEmpty();
    }

    @Test
    void capacityEvictionReportsTheEvictedRecordWithItsLastState() throws Exception {
        AddressBook book = book(Fixtures.reference().capacity(2).build());
        PeerAddress live = v4(1, 8233);
        PeerAddress pending = v4(2, 8233);
        PeerAddress fresh = v4(3, 8233);
        book.submit(connected(live));
        book.submit(new AddressChange.NewInitial(pending));
        assertThat(settle()).containsExactly(created(live, PeerAddrState.RESPONDED),
                created(pending, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED));
        CompletableFuture<Optional<AddressBookEntry>> next = book.nextReconnectCandidate();
        settle();
        assertThat(next.get()).map(AddressBookEntry::address).contains(pending);

        book.submit(new AddressChange.NewGossiped(fresh, PeerServices.NETWORK, scheduler.instant()));
        assertThat(settle()).containsExactly(created(fresh, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED),
                new AddressRemoved(pending, PeerAddrState.ATTEMPT_PENDING, AddressRemovalCause.EVICTED));
        assertThat(book.entry(pending)).isEmpty();
    }

    @Test
    void aNewRecordThatSortsLastInAFullBookIsReportedCreatedThenEvicted() {
        AddressBook book = book(Fixtures.reference().capacity(1).build());
        book.submit(connected(v4(1, 8233)));
        book.submit(new AddressChange.NewInitial(v4(2, 8233)));
        assertThat(settle()).containsExactly(created(v4(1, 8233), PeerAddrState.RESPONDED),
                created(v4(2, 8233), PeerAddrState.NEVER_ATTEMPTED_GOSSIPED),
                new AddressRemoved(v4(2, 8233), PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, AddressRemovalCause.EVICTED));
    }

    @Test
    void aBanReportsTheBanThenEveryRecordOfTheIp() {
        AddressBook book = book(Fixtures.reference().maxConnectionsPerIp(3).build());
        PeerAddress bad = v4(7, 8233);
        PeerAddress sameIp = v4(7, 1000);
        PeerAddress other = v4(8, 8233);
        book.submit(connected(bad));
        book.submit(new AddressChange.NewGossiped(sameIp, PeerServices.NETWORK, scheduler.instant()));
        book.submit(new AddressChange.NewGossiped(other, PeerServices.NETWORK, scheduler.instant()));
        book.submit(new AddressChange.UpdateMisbehavior(bad, 60, "spam"));
        assertThat(settle()).hasSize(3); // three records created; responded stays responded
        scheduler.advance(Duration.ofSeconds(30));
        Instant at = scheduler.instant();
        book.submit(new AddressChange.UpdateMisbehavior(bad, 45, "invalid block"));
        List<AddressBookEvent> got = settle();

        assertThat(got).hasSize(3);
        assertThat(got.get(0)).isEqualTo(new IpBanned(bad.ip(), bad, 105, "invalid block", at.plus(Duration.ofHours(24))));
        assertThat(got.subList(1, 3)).containsExactlyInAnyOrder(
                new AddressRemoved(bad, PeerAddrState.RESPONDED, AddressRemovalCause.BANNED),
                new AddressRemoved(sameIp, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, AddressRemovalCause.BANNED));
        assertThat(book.isBanned(bad.ip())).isTrue();
        assertThat(book.snapshot().entries()).extracting(AddressBookEntry::address).containsExactly(other);

        // Changes for a banned IP are ignored: nothing to report.
        book.submit(new AddressChange.NewInitial(bad));
        assertThat(settle()).isEmpty();
    }

    @Test
    void aReportAtTheLimitForAnUnknownAddressReportsOnlyTheBan() {
        AddressBook book = book(Fixtures.reference().banDuration(Duration.ofHours(1)).build());
        PeerAddress stranger = v4(9, 8233);
        book.submit(new AddressChange.NewInitial(v4(10, 8233)));
        settle();
        scheduler.advance(Duration.ofSeconds(5));
        book.submit(new AddressChange.UpdateMisbehavior(stranger, 100, "bad handshake"));
        assertThat(settle()).containsExactly(new IpBanned(stranger.ip(), stranger, 100, "bad handshake",
                scheduler.instant().plus(Duration.ofHours(1))));
        assertThat(book.isBanned(stranger.ip())).isTrue();
    }

    @Test
    void aListenerThatThrowsIsKeptAndDoesNotStopTheBookOrOtherListeners() {
        AddressBook book = new DefaultAddressBook(Fixtures.mainnet(),
                new AddressBookContext(scheduler, new SplittableRandom(7), scheduler, scheduler));
        AtomicInteger thrown = new AtomicInteger();
        book.addListener(e -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        book.addListener(events::add);
        book.submit(new AddressChange.NewInitial(v4(1, 8233)));
        book.submit(new AddressChange.NewInitial(v4(2, 8233)));
        assertThat(settle()).hasSize(2);
        assertThat(thrown).hasValue(2);

        book.submit(new AddressChange.NewInitial(v4(3, 8233)));
        CompletableFuture<Optional<AddressBookEntry>> next = book.nextReconnectCandidate();
        assertThat(settle()).hasSize(2);
        assertThat(thrown).hasValue(4);
        assertThat(next).isCompleted();
        assertThat(book.size()).isEqualTo(3);
    }

    @Test
    void removeListenerStopsDeliveryAndRemovingAnUnknownOneDoesNothing() {
        AddressBook book = book(Fixtures.mainnet());
        List<AddressBookEvent> second = new ArrayList<>();
        Consumer<AddressBookEvent> secondListener = second::add;
        book.addListener(secondListener);
        book.removeListener(e -> { });
        book.submit(new AddressChange.NewInitial(v4(1, 8233)));
        assertThat(settle()).hasSize(1);
        assertThat(second).hasSize(1);

        book.removeListener(secondListener);
        book.submit(new AddressChange.NewInitial(v4(2, 8233)));
        assertThat(settle()).hasSize(1);
        assertThat(second).hasSize(1);
    }

    @Test
    void aBookWithoutListenersStillWorksAndALateListenerSeesOnlyLaterEvents() {
        AddressBook book = new DefaultAddressBook(Fixtures.mainnet(),
                new AddressBookContext(scheduler, new SplittableRandom(7), scheduler, scheduler));
        book.submit(new AddressChange.NewInitial(v4(1, 8233)));
        scheduler.runUntilIdle();
        assertThat(book.size()).isEqualTo(1);
        book.addListener(events::add);
        book.submit(new AddressChange.NewInitial(v4(2, 8233)));
        assertThat(settle()).containsExactly(created(v4(2, 8233), PeerAddrState.NEVER_ATTEMPTED_GOSSIPED));
    }

    @Test
    void eventsAreDeliveredAfterReadersSeeTheChangeAndBeforeTheCandidateIsHandedOut() throws Exception {
        AddressBook book = new DefaultAddressBook(Fixtures.reference().capacity(1).build(),
                new AddressBookContext(scheduler, new SplittableRandom(7), scheduler, scheduler));
        List<String> seen = new ArrayList<>();
        AtomicReference<CompletableFuture<Optional<AddressBookEntry>>> candidate = new AtomicReference<>();
        book.addListener(e -> {
            if (e instanceof AddressStateChanged c) {
                seen.add(c.current() + " visible=" + book.entry(c.address()).map(AddressBookEntry::state)
                        .equals(Optional.of(c.current())) + " candidateDone=" + candidate.get().isDone());
            } else if (e instanceof AddressRemoved r) {
                seen.add("removed visible=" + book.entry(r.address()).isEmpty());
            } else if (e instanceof IpBanned b) {
                seen.add("banned visible=" + book.isBanned(b.ip()));
            }
        });
        PeerAddress a = v4(1, 8233);
        candidate.set(book.nextReconnectCandidate()); // nothing yet: completes empty
        book.submit(new AddressChange.NewInitial(a));
        scheduler.runUntilIdle();
        assertThat(candidate.get()).isCompletedWithValue(Optional.empty());
        candidate.set(book.nextReconnectCandidate());
        scheduler.runUntilIdle();
        assertThat(candidate.get().get()).map(AddressBookEntry::address).contains(a);
        book.submit(new AddressChange.NewInitial(v4(2, 8233))); // evicts the pending record
        scheduler.runUntilIdle();
        book.submit(new AddressChange.UpdateMisbehavior(v4(2, 8233), 100, "test"));
        scheduler.runUntilIdle();
        assertThat(seen).containsExactly(
                // Same task as the empty answer: events first, then the task's futures.
                "NEVER_ATTEMPTED_GOSSIPED visible=true candidateDone=false",
                "ATTEMPT_PENDING visible=true candidateDone=false", // the listener hears first
                "NEVER_ATTEMPTED_GOSSIPED visible=true candidateDone=true",
                "removed visible=true",
                "banned visible=true",
                "removed visible=true");
    }

    @Test
    void theEventsOfOneTaskAreDeliveredTogetherInTheOrderApplied() {
        AddressBook book = book(Fixtures.mainnet());
        PeerAddress a = v4(1, 8233);
        book.submit(new AddressChange.NewInitial(a));
        book.nextReconnectCandidate();
        book.submit(AddressChange.UpdateFailed.of(a));
        assertThat(settle()).containsExactly(created(a, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED),
                changed(a, PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, PeerAddrState.ATTEMPT_PENDING),
                changed(a, PeerAddrState.ATTEMPT_PENDING, PeerAddrState.FAILED));
    }
}
