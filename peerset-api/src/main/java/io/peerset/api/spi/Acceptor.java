package io.peerset.api.spi;

import io.peerset.wire.PeerAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A bound listening endpoint that hands over inbound connections one at a time, on request. The
 * pull model lets the caller pace accepts (reference section 2.2,
 * {@code MIN_INBOUND_PEER_CONNECTION_INTERVAL}): connections the caller has not asked for wait in
 * the operating system's backlog.
 *
 * <p>Thread-safe.
 */
public interface Acceptor extends AutoCloseable {

    /** @return the bound address (with the real port when port 0 was asked for) */
    PeerAddress localAddress();

    /**
     * Accepts the next inbound connection. At most one accept may be outstanding.
     *
     * @return completes with a connection, no handler attached yet; exceptionally with a
     *         {@link io.peerset.api.PeerSetException} once the acceptor is closed
     * @throws IllegalStateException if an accept is already outstanding
     */
    CompletableFuture<Connection> accept();

    /**
     * Stops listening; an outstanding accept fails. Established connections stay open. Idempotent.
     * When it returns, called from any thread but the transport's own I/O threads, the address no
     * longer accepts connections.
     */
    @Override
    void close();
}
