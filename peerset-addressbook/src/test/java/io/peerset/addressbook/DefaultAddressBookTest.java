package io.peerset.addressbook;

import static io.peerset.addressbook.Fixtures.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.PeerAddrState;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.AddressChange;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class DefaultAddressBookTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();

    /** Runs the updater. */
    private void settle() {
        scheduler.runUntilIdle();
    }

    private AddressBook book(AddressBookConfig config) {
        return new DefaultAddressBookProvider().create(config,
                new AddressBookContext(scheduler, new SplittableRandom(42), scheduler, scheduler));
    }

    @Test
    void providerIsFoundByServiceLoaderAndStartsNothing() {
        // The module itself does not `use` the service, so check its declaration rather than load it.
        var descriptor = DefaultAddressBookProvider.class.getModule().getDescriptor();
        assertThat(descriptor.provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(AddressBookProvider.class.getName());
            assertThat(p.providers()).containsExactly(DefaultAddressBookProvider.class.getName());
        });
        assertThat(new DefaultAddressBookProvider().name()).isEqualTo(DefaultAddressBookProvider.NAME);
        book(Fixtures.mainnet());
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void servesAllRequestVariantsAfterTheUpdaterRuns() throws Exception {
        AddressBook book = book(Fixtures.reference()
                .localListener(PeerAddress.parse("203.0.113.200:8233")).build());
        PeerAddress a = v4(1, 8233);
        PeerAddress b = v4(2, 8233);
        assertThat(book.submit(new AddressChange.NewGossiped(a, PeerServices.NETWORK, scheduler.instant()))).isTrue();
        assertThat(book.submit(new AddressChange.UpdateConnected(b, PeerServices.NETWORK, false, "/z/", 170_100))).isTrue();
        assertThat(book.size()).isZero(); // nothing applied before the updater runs
        settle();
        assertThat(book.size()).isEqualTo(2);
        assertThat(book.entry(b).map(AddressBookEntry::state)).contains(PeerAddrState.RESPONDED);
        assertThat(book.recentlyLivePeers()).extracting(AddressBookEntry::address).containsExactly(b);
        assertThat(book.freshGetAddrResponse()).hasSize(2); // ceil(3 / 2), listener included in n
        assertThat(book.snapshot().entries()).extracting(AddressBookEntry::address).containsExactly(b, a);
        assertThat(book.snapshot().capacity()).isEqualTo(5_000);

        CompletableFuture<Optional<AddressBookEntry>> next = book.nextReconnectCandidate();
        assertThat(next).isNotDone();
        settle();
        assertThat(next.get()).map(AddressBookEntry::address).contains(a);
        assertThat(book.entry(a).get().state()).isEqualTo(PeerAddrState.ATTEMPT_PENDING);

        scheduler.advance(Duration.ofSeconds(120));
        assertThat(book.recentlyLivePeers()).isEmpty();

        book.submit(new AddressChange.UpdateMisbehavior(b, 100, "test"));
        settle();
        assertThat(book.isBanned(b.ip())).isTrue();
        assertThat(book.snapshot().bans()).extracting(x -> x.ip()).containsExactly(b.ip());
        assertThat(book.entry(b)).isEmpty();
        scheduler.advance(Duration.ofHours(24));
        assertThat(book.isBanned(b.ip())).isFalse();
        assertThat(book.snapshot().bans()).isEmpty();
    }

    @Test
    void concurrentCandidateRequestsReturnDistinctPeers() throws Exception {
        AddressBook book = book(Fixtures.mainnet());
        for (int i = 1; i <= 10; i++) {
            book.submit(new AddressChange.NewInitial(v4(i, 8233)));
        }
        settle();
        List<CompletableFuture<Optional<AddressBookEntry>>> futures = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            futures.add(book.nextReconnectCandidate());
        }
        settle();
        List<PeerAddress> got = new ArrayList<>();
        for (CompletableFuture<Optional<AddressBookEntry>> f : futures) {
            f.get().ifPresent(e -> got.add(e.address()));
        }
        assertThat(got).hasSize(10);
        assertThat(new HashSet<>(got)).hasSize(10);
    }

    @Test
    void concurrentThreadsNeverShareACandidate() throws Exception {
        java.util.concurrent.ExecutorService updater = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            AddressBook book = new DefaultAddressBook(Fixtures.mainnet(),
                    new AddressBookContext(scheduler, new SplittableRandom(1), updater, updater));
            for (int i = 1; i <= 200; i++) {
                book.submit(new AddressChange.NewInitial(PeerAddress.of(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 8233)));
            }
            List<java.util.concurrent.Future<List<PeerAddress>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(callers.submit(() -> {
                    List<PeerAddress> mine = new ArrayList<>();
                    for (int k = 0; k < 60; k++) {
                        book.nextReconnectCandidate().get().ifPresent(e -> mine.add(e.address()));
                    }
                    return mine;
                }));
            }
            List<PeerAddress> all = new ArrayList<>();
            for (var r : results) {
                all.addAll(r.get());
            }
            assertThat(all).hasSize(200).doesNotHaveDuplicates();
        } finally {
            callers.shutdownNow();
            updater.shutdownNow();
        }
    }

    @Test
    void overflowIsCountedAndSendersNeverBlock() {
        AddressBook book = book(Fixtures.mainnet());
        int accepted = 0;
        for (int i = 0; i < AddressBookConstants.UPDATE_QUEUE_CAPACITY + 10; i++) {
            if (book.submit(new AddressChange.NewInitial(PeerAddress.of(new byte[] {10, 1, (byte) (i >> 8), (byte) i}, 8233)))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(AddressBookConstants.UPDATE_QUEUE_CAPACITY);
        assertThat(book.droppedChanges()).isEqualTo(10);
        CompletableFuture<Optional<AddressBookEntry>> overloaded = book.nextReconnectCandidate();
        assertThat(overloaded).isCompletedWithValue(Optional.empty());
        settle();
        assertThat(book.size()).isEqualTo(AddressBookConstants.UPDATE_QUEUE_CAPACITY);
    }

    @Test
    void closeDiscardsQueuedWorkAndRefusesMore() {
        AddressBook book = book(Fixtures.mainnet());
        book.submit(new AddressChange.NewInitial(v4(1, 8233)));
        CompletableFuture<Optional<AddressBookEntry>> pending = book.nextReconnectCandidate();
        book.close();
        book.close();
        assertThat(pending).isCompletedExceptionally();
        assertThat(book.submit(new AddressChange.NewInitial(v4(2, 8233)))).isFalse();
        assertThat(book.nextReconnectCandidate()).isCompletedExceptionally();
        settle();
        assertThat(book.size()).isZero();
        assertThat(book.droppedChanges()).isEqualTo(1);
    }

    @Test
    void aRefusingUpdaterExecutorAppliesEachChangeOnTheSubmittingThread() throws Exception {
        AddressBook book = new DefaultAddressBook(Fixtures.mainnet(), new AddressBookContext(scheduler,
                new SplittableRandom(1), task -> {
                    throw new java.util.concurrent.RejectedExecutionException("shut down");
                }, scheduler));
        List<io.peerset.api.NodeEvent.AddressBookEvent> events = new ArrayList<>();
        book.addListener(events::add);
        assertThat(book.submit(new AddressChange.NewInitial(v4(1, 8233)))).isTrue();
        assertThat(book.size()).as("applied at once, no updater task").isEqualTo(1);
        assertThat(events).hasSize(1);
        CompletableFuture<Optional<AddressBookEntry>> next = book.nextReconnectCandidate();
        assertThat(next).as("never left pending").isDone();
        assertThat(next.get()).map(AddressBookEntry::address).contains(v4(1, 8233));
        assertThat(events).hasSize(2);
        book.close();
        assertThat(book.nextReconnectCandidate()).isCompletedExceptionally();
    }

    @Test
    void startWritesThePeerCacheOnlyWhenConfiguredAndCloseStopsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        AddressBook plain = book(Fixtures.mainnet());
        plain.start();
        assertThat(scheduler.pendingTasks()).isZero();

        AddressBook book = book(Fixtures.reference().cacheDir(dir).build());
        book.start();
        book.start();
        assertThat(scheduler.pendingTasks()).isEqualTo(1);
        book.submit(new AddressChange.UpdateConnected(v4(1, 8233), PeerServices.NETWORK, false, "/z/", 170_100));
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(java.nio.file.Files.readString(dir.resolve("network/mainnet.peers"))).isEqualTo("198.51.100.1:8233");
        book.close();
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void snapshotsAreImmutableAndConsistent() throws ExecutionException, InterruptedException {
        AddressBook book = book(Fixtures.mainnet());
        book.submit(new AddressChange.NewInitial(v4(1, 8233)));
        settle();
        var snapshot = book.snapshot();
        book.submit(new AddressChange.NewInitial(v4(2, 8233)));
        settle();
        assertThat(snapshot.size()).isEqualTo(1);
        assertThat(book.snapshot().size()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> snapshot.entries().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readersSeeEveryAppliedChangeAtOnceAndNoTimerIsLeftBehind() {
        AddressBook book = book(Fixtures.mainnet());
        book.submit(new AddressChange.NewGossiped(v4(1, 8233), PeerServices.NETWORK, scheduler.instant()));
        scheduler.runUntilIdle();
        assertThat(book.size()).isEqualTo(1);
        book.submit(new AddressChange.NewGossiped(v4(2, 8233), PeerServices.NETWORK, scheduler.instant()));
        book.submit(new AddressChange.NewGossiped(v4(3, 8233), PeerServices.NETWORK, scheduler.instant()));
        assertThat(book.size()).as("queued, not yet applied").isEqualTo(1);
        scheduler.runUntilIdle();
        assertThat(book.size()).isEqualTo(3);
        assertThat(book.entry(v4(3, 8233))).isPresent();
        assertThat(book.snapshot().countsByState()).containsEntry(PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, 3)
                .containsEntry(PeerAddrState.RESPONDED, 0).hasSize(PeerAddrState.values().length);
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void theBanCountGrowsWithEachBanOnceItIsReadableAndWithNothingElse() {
        AddressBook book = book(Fixtures.mainnet());
        PeerAddress a = v4(1, 8233);
        PeerAddress b = v4(2, 8233);
        assertThat(book.bansIssued()).hasValue(0);
        book.submit(new AddressChange.UpdateConnected(a, PeerServices.NETWORK, false, "/z/", 170_100));
        book.submit(new AddressChange.UpdateMisbehavior(a, 99, "below the limit"));
        settle();
        assertThat(book.bansIssued()).hasValue(0);

        book.submit(new AddressChange.UpdateMisbehavior(b, 100, "test"));
        assertThat(book.bansIssued()).as("not before the updater applied the ban").hasValue(0);
        settle();
        assertThat(book.isBanned(b.ip())).isTrue();
        assertThat(book.bansIssued()).hasValue(1);

        book.submit(new AddressChange.UpdateMisbehavior(a, 1, "reaches the limit"));
        settle();
        assertThat(book.bansIssued()).hasValue(2);
        scheduler.advance(Duration.ofHours(25));
        assertThat(book.isBanned(b.ip())).isFalse();
        assertThat(book.bansIssued()).as("expiry counts nothing").hasValue(2);
    }
}
