package io.peerset.api.spi;

import io.peerset.api.ConnectionInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Performs the Zcash handshake on a fresh {@link Connection} (reference section 6.1): send our
 * {@code version} at once, skip everything until the remote {@code version}, validate it, send
 * {@code verack}, skip everything until the remote {@code verack}, then switch the connection's
 * codec with {@link Connection#completeHandshake(long)}.
 *
 * <p>The handshaker attaches its own handler for the exchange. On success it leaves no demand
 * outstanding, so the caller attaches the next handler (the connection state machine) without
 * losing a message. On failure it closes the connection.
 *
 * <p>One handshaker serves every connection of a node, so that the nonces of all its handshakes
 * form one set and self-connections are detected. Thread-safe.
 */
public interface Handshaker {

    /**
     * Runs the handshake.
     *
     * @param connection a connection with no handler attached
     * @param timeout    the whole budget (an outbound dial passes what the connect left of it);
     *                   when it expires the connection is closed and the future fails with
     *                   {@link io.peerset.api.HandshakeException.Timeout}
     * @return completes on the connection's executor with what was negotiated; exceptionally with
     *         a {@link io.peerset.api.HandshakeException} (the connection is then closed)
     */
    CompletableFuture<ConnectionInfo> handshake(Connection connection, Duration timeout);
}
