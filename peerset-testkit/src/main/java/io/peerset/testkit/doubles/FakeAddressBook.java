package io.peerset.testkit.doubles;

import static java.util.Objects.requireNonNull;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerAddrState;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An {@link AddressBook} with no records: it records every submitted change (and accepts them all),
 * answers ban checks from a set the test fills ({@link #ban}; it counts the bans and the checks), hands out reconnection candidates the
 * test queues ({@link #addCandidate}), and keeps the listeners the code under test adds so that the
 * test can {@link #emit} events to them. Everything else answers as an empty book: no records, an
 * empty snapshot, no gossip, nothing dropped; {@code start} and {@code close} do nothing.
 *
 * <p>Threading: thread-safe; {@link #nextReconnectCandidate()} completes at once on the caller's
 * thread, and {@link #emit} delivers on the caller's thread.
 */
public final class FakeAddressBook implements AddressBook {

    private final List<AddressChange> changes = new CopyOnWriteArrayList<>();
    private final Set<InetAddress> banned = ConcurrentHashMap.newKeySet();
    private final AtomicLong bansIssued = new AtomicLong();
    private final AtomicLong banChecks = new AtomicLong();
    private final ConcurrentLinkedQueue<PeerAddress> candidates = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PeerAddress> feelers = new ConcurrentLinkedQueue<>();
    private final List<Consumer<? super NodeEvent.AddressBookEvent>> listeners = new CopyOnWriteArrayList<>();

    /** An empty book with no bans, no candidates and no listeners. */
    public FakeAddressBook() {
    }

    /** @return every change submitted, in order (a live, thread-safe view) */
    public List<AddressChange> changes() {
        return java.util.Collections.unmodifiableList(changes);
    }

    /**
     * Bans {@code ip} from now on ({@link #isBanned} answers true).
     *
     * @param ip the IP
     * @return this
     */
    public FakeAddressBook ban(InetAddress ip) {
        banned.add(requireNonNull(ip, "ip"));
        bansIssued.incrementAndGet();
        return this;
    }

    /**
     * Queues a candidate for {@link #nextReconnectCandidate()}, which hands them out in order (as
     * {@link PeerAddrState#ATTEMPT_PENDING} records with nothing else known) and then empty.
     *
     * @param address the candidate
     * @return this
     */
    public FakeAddressBook addCandidate(PeerAddress address) {
        candidates.add(requireNonNull(address, "address"));
        return this;
    }

    /**
     * Queues an address for {@link #nextFeeler()}, which hands them out in order and then empty.
     *
     * @param address the address to test
     * @return this
     */
    public FakeAddressBook addFeeler(PeerAddress address) {
        feelers.add(requireNonNull(address, "address"));
        return this;
    }

    /** @return the listeners the code under test added and has not removed, in order (a copy) */
    public List<Consumer<? super NodeEvent.AddressBookEvent>> listeners() {
        return List.copyOf(listeners);
    }

    /**
     * Delivers {@code event} to every listener, as the real book's updater would.
     *
     * @param event the event
     */
    public void emit(NodeEvent.AddressBookEvent event) {
        requireNonNull(event, "event");
        listeners.forEach(l -> l.accept(event));
    }

    @Override
    public void addListener(Consumer<? super NodeEvent.AddressBookEvent> listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Consumer<? super NodeEvent.AddressBookEvent> listener) {
        listeners.remove(listener);
    }

    @Override
    public boolean submit(AddressChange change) {
        changes.add(requireNonNull(change, "change"));
        return true;
    }

    @Override
    public CompletableFuture<Optional<AddressBookEntry>> nextReconnectCandidate() {
        return nextReconnectCandidate(a -> true);
    }

    /** Hands out the first queued candidate that {@code accept} accepts; refused ones stay queued, in order. */
    @Override
    public synchronized CompletableFuture<Optional<AddressBookEntry>> nextReconnectCandidate(
            Predicate<? super PeerAddress> accept) {
        requireNonNull(accept, "accept");
        for (PeerAddress next : candidates) {
            if (accept.test(next)) {
                candidates.remove(next);
                return CompletableFuture.completedFuture(Optional.of(pending(next)));
            }
        }
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletableFuture<Optional<AddressBookEntry>> nextFeeler() {
        PeerAddress next = feelers.poll();
        return CompletableFuture.completedFuture(next == null ? Optional.empty() : Optional.of(pending(next)));
    }

    private static AddressBookEntry pending(PeerAddress address) {
        return new AddressBookEntry(address, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), 0, PeerAddrState.ATTEMPT_PENDING,
                false, Optional.empty(), OptionalLong.empty());
    }

    @Override
    public List<AddressEntry> freshGetAddrResponse() {
        return List.of();
    }

    @Override
    public AddressBookSnapshot snapshot() {
        return new AddressBookSnapshot(List.of(), List.of(), Instant.EPOCH, 1);
    }

    @Override
    public int size() {
        return 0;
    }

    @Override
    public List<AddressBookEntry> recentlyLivePeers() {
        return List.of();
    }

    @Override
    public Optional<AddressBookEntry> entry(PeerAddress address) {
        return Optional.empty();
    }

    @Override
    public boolean isBanned(InetAddress ip) {
        banChecks.incrementAndGet();
        return banned.contains(ip);
    }

    /** @return how many times {@link #isBanned} was asked */
    public long banChecks() {
        return banChecks.get();
    }

    /** @return how many times {@link #ban} was called */
    @Override
    public OptionalLong bansIssued() {
        return OptionalLong.of(bansIssued.get());
    }

    @Override
    public void start() {
    }

    @Override
    public long droppedChanges() {
        return 0;
    }

    @Override
    public void close() {
    }
}
