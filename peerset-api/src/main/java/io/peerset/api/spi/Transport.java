package io.peerset.api.spi;

import io.peerset.api.Traffic;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Moves framed Zcash messages over some medium: TCP with Netty in production, memory in the
 * testkit. Created by a {@link TransportProvider}; the resources it needs (event loops, sockets)
 * exist from the first {@link #listen} or {@link #connect} until {@link #close()}.
 *
 * <p>Every implementation passes the transport conformance suite of {@code peerset-testkit}.
 * Thread-safe.
 */
public interface Transport extends AutoCloseable {

    /** @return the implementation's name, for logs (for example {@code "netty-epoll"}) */
    String name();

    /**
     * Binds a listening endpoint.
     *
     * @param address where to listen; port 0 asks for any free port
     * @return completes with the acceptor once bound; exceptionally with a
     *         {@link io.peerset.api.PeerSetException} naming the address if it cannot be bound
     *         (for example, already in use)
     */
    CompletableFuture<Acceptor> listen(PeerAddress address);

    /**
     * Opens a connection.
     *
     * @param address the peer
     * @param timeout how long the connect may take, positive
     * @return completes with a connection, no handler attached yet; exceptionally with a
     *         {@link io.peerset.api.ConnectFailedException} naming the peer and the reason
     *         ({@code TIMEOUT} when {@code timeout} passed, {@code REFUSED}, {@code UNREACHABLE} or
     *         {@code ERROR}): callers classify the failure by that reason, never by the message
     */
    CompletableFuture<Connection> connect(PeerAddress address, Duration timeout);

    /**
     * @return messages and bytes every connection of this transport (inbound and outbound, closed
     *         ones included) exchanged so far, by command and direction; implementations count with
     *         a {@link TrafficCounter}. Thread-safe.
     */
    Traffic traffic();

    /**
     * An executor on one of the transport's own I/O threads, shared with the connections that run
     * there, for work as short and non-blocking as theirs: a node runs its peer set's loop on it (see
     * {@code Threading}), so that a request, its write and its answer cross no thread boundary.
     * Tasks run one at a time, in submission order; once the transport is closed, it may reject them.
     *
     * @return that executor, or empty (the default) if the transport has none to share
     */
    default Optional<Executor> sharedExecutor() {
        return Optional.empty();
    }

    /**
     * Closes every acceptor and connection and releases the transport's threads. Idempotent.
     */
    @Override
    void close();
}
