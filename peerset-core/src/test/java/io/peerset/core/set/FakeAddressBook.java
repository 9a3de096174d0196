package io.peerset.core.set;

import io.peerset.api.AddressBookEntry;
import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An address book that only records changes and answers ban checks from a set the test fills. */
public final class FakeAddressBook implements AddressBook {

    public final List<AddressChange> changes = new CopyOnWriteArrayList<>();
    public final Set<InetAddress> banned = ConcurrentHashMap.newKeySet();
    /** Handed out, in order, by {@link #nextReconnectCandidate()}; empty: no candidate. */
    public final java.util.concurrent.ConcurrentLinkedQueue<PeerAddress> candidates =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Listeners added by the code under test; {@link #emit} delivers to them. */
    public final List<java.util.function.Consumer<? super io.peerset.api.NodeEvent.AddressBookEvent>> listeners =
            new CopyOnWriteArrayList<>();

    /** Delivers {@code event} to every listener, as the real book's updater would. */
    public void emit(io.peerset.api.NodeEvent.AddressBookEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    @Override
    public void addListener(java.util.function.Consumer<? super io.peerset.api.NodeEvent.AddressBookEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(java.util.function.Consumer<? super io.peerset.api.NodeEvent.AddressBookEvent> listener) {
        listeners.remove(listener);
    }

    @Override
    public boolean submit(AddressChange change) {
        changes.add(change);
        return true;
    }

    @Override
    public CompletableFuture<Optional<AddressBookEntry>> nextReconnectCandidate() {
        PeerAddress next = candidates.poll();
        return CompletableFuture.completedFuture(next == null ? Optional.empty() : Optional.of(new AddressBookEntry(
                next, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), 0,
                io.peerset.api.PeerAddrState.ATTEMPT_PENDING, false, Optional.empty(),
                java.util.OptionalLong.empty())));
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
        return banned.contains(ip);
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
