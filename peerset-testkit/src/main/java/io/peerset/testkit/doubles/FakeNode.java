package io.peerset.testkit.doubles;

import static java.util.Objects.requireNonNull;

import io.peerset.api.AddressBookSnapshot;
import io.peerset.api.NodeEvent;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSet;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetNode;
import io.peerset.api.PeerSetStatus;
import io.peerset.api.Traffic;
import io.peerset.api.spi.TrafficCounter;
import io.peerset.wire.PeerAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link PeerSetNode} for code that watches a node (metrics, event logs, status displays): the
 * test sets its {@link #status()} (or makes it throw), counts frames into its {@link #traffic()},
 * and delivers events to the listeners the code under test added with {@link #fire}. Reads of the
 * status and the traffic are counted. It runs nothing: {@link #peerSet()} and
 * {@link #addressBook()} throw {@link UnsupportedOperationException}; {@link #close()} only
 * completes {@link #closeFuture()}.
 *
 * <p>Threading: thread-safe; {@link #fire} delivers on the caller's thread, as the node's loop would
 * on its own.
 */
public final class FakeNode implements PeerSetNode {

    /** The address a node made with {@link #FakeNode()} reports. */
    public static final PeerAddress DEFAULT_ADDRESS = PeerAddress.parse("127.0.0.1:8233");

    private final PeerAddress localAddress;
    private final List<PeerSetListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<NodeEvent>> nodeListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger statusReads = new AtomicInteger();
    private final AtomicInteger trafficReads = new AtomicInteger();
    private final TrafficCounter traffic = new TrafficCounter();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile NodeStatus status = status(0, 0, new PeerSetStatus(0, 0, 0, 0, 170_100, 0, 0), 0, 0, 0, 0, 0, 0);
    private volatile RuntimeException statusFailure;

    /** A node at {@link #DEFAULT_ADDRESS}, with no peers and nothing in its book. */
    public FakeNode() {
        this(DEFAULT_ADDRESS);
    }

    /** @param localAddress what {@link #localAddress()} reports */
    public FakeNode(PeerAddress localAddress) {
        this.localAddress = requireNonNull(localAddress, "localAddress");
    }

    /**
     * A status with the given connection counts and address book states.
     *
     * @param outbound         outbound peers
     * @param inbound          inbound peers
     * @param peerSet          the peer set's status
     * @param connected        records in {@link PeerAddrState#RESPONDED}
     * @param neverConnected   records in {@link PeerAddrState#NEVER_ATTEMPTED_GOSSIPED}
     * @param failed           records in {@link PeerAddrState#FAILED}
     * @param connecting       records in {@link PeerAddrState#ATTEMPT_PENDING}
     * @param handshakesOk     handshakes that succeeded
     * @param handshakesFailed handshakes that failed
     * @return the status
     */
    public static NodeStatus status(int outbound, int inbound, PeerSetStatus peerSet, int connected, int neverConnected,
                                    int failed, int connecting, long handshakesOk, long handshakesFailed) {
        Map<PeerAddrState, Integer> book = new EnumMap<>(PeerAddrState.class);
        book.put(PeerAddrState.RESPONDED, connected);
        book.put(PeerAddrState.NEVER_ATTEMPTED_GOSSIPED, neverConnected);
        book.put(PeerAddrState.FAILED, failed);
        book.put(PeerAddrState.ATTEMPT_PENDING, connecting);
        return new NodeStatus(outbound, inbound, peerSet, book, handshakesOk, handshakesFailed);
    }

    /**
     * @param status what {@link #status()} answers from now on (unless it is set to fail)
     * @return this
     */
    public FakeNode status(NodeStatus status) {
        this.status = requireNonNull(status, "status");
        return this;
    }

    /**
     * Makes {@link #status()} throw {@code failure} (a node that is closing) until {@link #clearStatusFailure()}.
     *
     * @param failure what to throw
     * @return this
     */
    public FakeNode failStatus(RuntimeException failure) {
        this.statusFailure = requireNonNull(failure, "failure");
        return this;
    }

    /**
     * {@link #status()} answers again.
     *
     * @return this
     */
    public FakeNode clearStatusFailure() {
        this.statusFailure = null;
        return this;
    }

    /** @return how many times {@link #status()} was called (the test may reset it) */
    public AtomicInteger statusReads() {
        return statusReads;
    }

    /** @return how many times {@link #traffic()} was called (the test may reset it) */
    public AtomicInteger trafficReads() {
        return trafficReads;
    }

    /** @return the counter {@link #traffic()} snapshots: the test counts frames into it */
    public TrafficCounter trafficCounter() {
        return traffic;
    }

    /** @return the peer-set listeners added and not removed, in order (a copy) */
    public List<PeerSetListener> listeners() {
        return List.copyOf(listeners);
    }

    /** @return the node listeners added and not removed, in order (a copy) */
    public List<Consumer<NodeEvent>> nodeListeners() {
        return List.copyOf(nodeListeners);
    }

    /**
     * Delivers {@code event} to every peer-set listener, as the peer set's loop would.
     *
     * @param event the event
     */
    public void fire(PeerSetEvent event) {
        requireNonNull(event, "event");
        listeners.forEach(l -> l.onEvent(event));
    }

    /**
     * Delivers {@code event} to every node listener, as the node would.
     *
     * @param event the event
     */
    public void fire(NodeEvent event) {
        requireNonNull(event, "event");
        nodeListeners.forEach(l -> l.accept(event));
    }

    /** @throws RuntimeException the failure set with {@link #failStatus}, if any */
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
    public Traffic traffic() {
        trafficReads.incrementAndGet();
        return traffic.snapshot();
    }

    @Override
    public void addListener(PeerSetListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(PeerSetListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void addNodeListener(Consumer<NodeEvent> listener) {
        nodeListeners.add(requireNonNull(listener, "listener"));
    }

    @Override
    public void removeNodeListener(Consumer<NodeEvent> listener) {
        nodeListeners.remove(listener);
    }

    /** @throws UnsupportedOperationException always: a fake node has no peer set */
    @Override
    public PeerSet peerSet() {
        throw new UnsupportedOperationException("FakeNode has no peer set");
    }

    @Override
    public PeerAddress localAddress() {
        return localAddress;
    }

    /** @throws UnsupportedOperationException always: a fake node has no address book */
    @Override
    public AddressBookSnapshot addressBook() {
        throw new UnsupportedOperationException("FakeNode has no address book");
    }

    /** @return completes when {@link #close()} is called */
    @Override
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    @Override
    public void close() {
        closed.complete(null);
    }

    @Override
    public String toString() {
        return "FakeNode[" + localAddress + "]";
    }
}
