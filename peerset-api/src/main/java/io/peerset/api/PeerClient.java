package io.peerset.api;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One handshaken peer, as a service: send it {@link Request}s, get {@link Response}s (reference
 * section 6.6, the {@code Client}). Its connection enforces every timeout and limit; its heartbeat
 * pings every 59 s and fails the client when the peer stops answering.
 *
 * <h2>Readiness</h2>
 * A client takes one request at a time: {@link #isReady()} is true when no request of the caller is
 * in flight; {@link #ready()} completes when that becomes true (exceptionally once the client has
 * failed). The heartbeat's pings have their own slot and never make the client unready.
 *
 * <h2>Failure</h2>
 * When the connection fails, every request that was waiting completes exceptionally with the same
 * {@link PeerException}, {@link #error()} returns it, and {@link #closeFuture()} completes with it.
 * Cancelling a request's future drops the request; late answers to it are ignored.
 *
 * <p>Thread-safe.
 */
public interface PeerClient extends AutoCloseable {

    /** @return what the handshake negotiated */
    ConnectionInfo info();

    /**
     * @return messages received from and sent to this peer since its handshake, and bytes since its
     *         connection opened (whole frames, the handshake's included), as a {@link Traffic.Command} named
     *         {@code "total"}; thread-safe. The default, for clients that do not count, is all zeros.
     */
    default Traffic.Command traffic() {
        return new Traffic.Command("total", 0, 0, 0, 0);
    }

    /** @return whether {@link #call(Request)} may be called now */
    boolean isReady();

    /** @return completes when the client is ready; exceptionally with the error once it failed */
    CompletableFuture<Void> ready();

    /**
     * Sends a request.
     *
     * @param request the request
     * @param <R>     its response type
     * @return the response; exceptionally with a {@link PeerException}
     * @throws IllegalStateException if a request is already in flight (wait for {@link #ready()})
     */
    <R extends Response> CompletableFuture<R> call(Request<R> request);

    /** @return the error that ended this client, if it has ended */
    Optional<PeerException> error();

    /** @return completes with the error that ended this client ({@link PeerException.ClientDropped} after {@link #close()}) */
    CompletableFuture<PeerException> closeFuture();

    /** Closes the connection; waiting requests fail with {@link PeerException.ClientDropped}. Idempotent. */
    @Override
    void close();
}
