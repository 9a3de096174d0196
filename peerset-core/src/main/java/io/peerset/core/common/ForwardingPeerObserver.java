package io.peerset.core.common;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerException;
import io.peerset.wire.InventoryItem;
import java.time.Duration;
import java.util.List;

/**
 * A {@link PeerObserver} that hands every event on to the next one in a chain: a subclass overrides
 * what it hears and calls {@code super} to pass it on. The node chains the address book's observer,
 * the inbound peers' and its own counters this way.
 *
 * <p>Thread-safe when {@code next} is: it holds nothing else.
 */
public abstract class ForwardingPeerObserver implements PeerObserver {

    private final PeerObserver next;

    /** @param next the observer every event is handed on to */
    protected ForwardingPeerObserver(PeerObserver next) {
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void connected(ConnectionInfo peer) {
        next.connected(peer);
    }

    @Override
    public void pingSent(ConnectionInfo peer) {
        next.pingSent(peer);
    }

    @Override
    public void responded(ConnectionInfo peer, Duration rtt) {
        next.responded(peer, rtt);
    }

    @Override
    public void failed(ConnectionInfo peer, PeerException error) {
        next.failed(peer, error);
    }

    @Override
    public void inventory(ConnectionInfo peer, List<InventoryItem> advertised, List<InventoryItem> missing) {
        next.inventory(peer, advertised, missing);
    }

    @Override
    public void locatorVersionMismatch(ConnectionInfo peer, String command, long version) {
        next.locatorVersionMismatch(peer, command, version);
    }
}
