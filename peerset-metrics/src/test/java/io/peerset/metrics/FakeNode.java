package io.peerset.metrics;

import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSet;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetNode;
import io.peerset.api.PeerSetStatus;
import io.peerset.wire.PeerAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PeerSetNode} whose status the test sets and whose listeners the test calls: only
 * {@code status()}, {@code traffic()} and the listener methods work. Thread-safe enough for one test thread.
 */
final class FakeNode implements PeerSetNode {

    final List<PeerSetListener> listeners = new CopyOnWriteArrayList<>();
    final List<java.util.function.Consumer<io.peerset.api.NodeEvent>> nodeListeners = new CopyOnWriteArrayList<>();
    final AtomicInteger statusReads = new AtomicInteger();
    volatile NodeStatus status = status(0, 0, new PeerSetStatus(0, 0, 0, 0, 170_100, 0, 0), 0, 0, 0, 0, 0, 0);
    volatile RuntimeException statusFailure;
    /** What {@link #traffic()} reports: the test counts frames into it. */
    final io.peerset.api.spi.TrafficCounter traffic = new io.peerset.api.spi.TrafficCounter();
    final AtomicInteger trafficReads = new AtomicInteger();

    static NodeStatus status(int outbound, int inbound, PeerSetStatus peerSet, int connected, int neverConnected,
                             int failed, int connecting, long handshakesOk, long handshakesFailed) {
        Map<PeerAddrState, Integer> book = new EnumMap<>(PeerAddrState.class);
        book.put(PeerAddrState.RESPONDED, connected);
        book.put(PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, neverConnected);
        book.put(PeerAddrState.FAILED, failed);
        book.put(PeerAddrState.ATTEMPT_PENDING, connecting);
        return new NodeStatus(outbound, inbound, peerSet, book, handshakesOk, handshakesFailed);
    }

    /** Delivers {@code event} to every listener, as the peer set's loop would. */
    void fire(PeerSetEvent event) {
        listeners.forEach(l -> l.onEvent(event));
    }

    @Override
    public NodeStatus status() {
        statusReads.incrementAndGet();
        RuntimeException failure = statusFailure;
        if (failure != null) {
            throw failure;
        }
        return status;
    }

    @Override
    public io.peerset.api.Traffic traffic() {
        trafficReads.incrementAndGet();
        return traffic.snapshot();
    }

    @Override
    public void addListener(PeerSetListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(PeerSetListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void addNodeListener(java.util.function.Consumer<io.peerset.api.NodeEvent> listener) {
        nodeListeners.add(listener);
    }

    @Override
    public void removeNodeListener(java.util.function.Consumer<io.peerset.api.NodeEvent> listener) {
        nodeListeners.remove(listener);
    }

    @Override
    public PeerSet peerSet() {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public PeerAddress localAddress() {
        return PeerAddress.parse("127.0.0.1:8233");
    }

    @Override
    public AddressBookSnapshot addressBook() {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public void close() {
    }
}
