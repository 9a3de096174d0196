package io.peerset.api;

import io.peerset.wire.PeerAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running node (reference section 1.4): a bound listener, the address book, initial peers and the
 * crawler keeping the peer set at its target, and the peer cache written in the background. Obtain
 * one from {@code io.peerset.core.PeerSets.nodeBuilder(config).start()}.
 *
 * <p>{@link #close()} shuts down in order — stop accepting, stop dialling, close the peers, write
 * the peer cache — and is idempotent. If a background part fails on its own, the node closes itself
 * the same way and {@link #closeFuture()} completes exceptionally with the cause.
 *
 * <p>Thread-safe; no method blocks except {@link #close()}.
 */
public interface PeerSetNode extends AutoCloseable {

    /** @return the peer set: send requests with {@link PeerSet#call} */
    PeerSet peerSet();

    /** @return the bound listener address (with the real port when port 0 was configured) */
    PeerAddress localAddress();

    /** @return a consistent copy of the address book */
    AddressBookSnapshot addressBook();

    /** @return the node's counters now */
    NodeStatus status();

    /**
     * Adds a listener for the peer set's events. Listeners run on the peer set's loop: they must
     * return quickly and not block.
     *
     * @param listener the listener
     */
    void addListener(PeerSetListener listener);

    /** @param listener a listener added before; removing an unknown one does nothing */
    void removeListener(PeerSetListener listener);

    /**
     * @return messages and bytes by command and direction since the node started, inbound and
     *         outbound connections together (its transport's {@link Traffic}); thread-safe
     */
    Traffic traffic();

    /**
     * Adds a listener for the connection machinery's and the address book's events (every
     * {@link NodeEvent}: failed dials and handshakes, inbound connections dropped before a
     * handshake, address-book records created, changing state or removed, bans). Listeners run on
     * I/O, timer and address-book updater threads: they must return quickly and never block — the
     * updater also hands the dialer its next candidate, so a slow listener slows dialling. While a
     * node has no listener its address book records no events. To see every event from the start,
     * register them on the node builder ({@code NodeBuilder.nodeListener}) instead.
     *
     * @param listener the listener
     */
    void addNodeListener(Consumer<NodeEvent> listener);

    /** @param listener a listener added before; removing an unknown one does nothing */
    void removeNodeListener(Consumer<NodeEvent> listener);

    /**
     * @return completes normally after {@link #close()} has finished, exceptionally with the cause if
     *         a background part failed and the node closed itself
     */
    CompletableFuture<Void> closeFuture();

    /**
     * Shuts down in order and waits for it (bounded). Called from a listener — on the peer set's
     * loop, which by default is a transport I/O thread — it does not wait: the shutdown goes on
     * once the listener returns ({@link #closeFuture()} says when it is done). Idempotent.
     */
    @Override
    void close();
}
