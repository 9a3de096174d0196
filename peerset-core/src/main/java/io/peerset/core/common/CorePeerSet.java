package io.peerset.core.common;

import io.peerset.api.PeerSet;
import java.util.concurrent.CompletableFuture;

/**
 * The peer set as the rest of peerset's core sees it: the application's {@link PeerSet}, plus the
 * hooks discovery wires to it.
 *
 * <p>Thread-safe, like {@link PeerSet}.
 */
public interface CorePeerSet extends PeerSet {

    /**
     * @return the observer to give every {@link io.peerset.core.connect.PeerConnector} whose clients join this set: it feeds
     *         the inventory registry (reference section 5.3) from the peers' {@code inv} and
     *         {@code notfound} messages. Liveness events are ignored (they are the address book's).
     */
    PeerObserver observer();

    /** @return the demand for more peers this set signals when none is ready */
    PeerDemand demand();

    /**
     * @return completes once the set has closed (after {@link #close()}, or on its own if its loop's
     *         executor refused work) and every peer and waiting request has been dealt with
     */
    CompletableFuture<Void> closeFuture();
}
