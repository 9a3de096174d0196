package io.peerset.api;

import io.peerset.wire.PeerAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The Zcash network as one load-balanced service (reference section 5): {@link #call} routes each
 * request to a good ready peer (power of two choices over a peak-EWMA load; inventory-aware for a
 * single block or transaction; advertisements are broadcast) and completes a future.
 *
 * <h2>Readiness and waiting</h2>
 * A peer takes one request at a time (Appendix A.7: peerset does not queue a second request behind
 * the first on a connection). When no peer is ready, a request waits in the set's bounded queue
 * while the set signals demand for more peers; it fails with {@link PeerException.NoReadyPeers},
 * naming how many peers are connected and what they are doing, if none becomes ready within
 * {@link PeerSetConfig#readyTimeout()}. A full queue fails the request at once with
 * {@link PeerException.Overloaded}; a closed set with {@link PeerException.ServiceShutdown}.
 * No accepted request is ever lost: every future completes.
 *
 * <h2>Errors</h2>
 * A failed request completes exceptionally with the {@link PeerException} of the peer that failed
 * it (section 6.12), {@link PeerException.NotFoundRegistry} when every ready peer recently reported
 * the single requested item missing, or one of the errors above.
 *
 * <p>Threading: every method may be called from any thread and none blocks. Futures complete on
 * the set's loop or on a connection's thread: dependent stages must not block (use the
 * {@code *Async} variants for blocking work).
 */
public interface PeerSet extends AutoCloseable {

    /**
     * Routes a request.
     *
     * @param request the request
     * @param <R>     its response type
     * @return its response, or an error as described above
     */
    <R extends Response> CompletableFuture<R> call(Request<R> request);

    /**
     * Routes a request like {@link #call}, and says which peer answered, so that a caller that finds
     * the answer bad can {@linkplain #reportMisbehavior report} that peer. Costs the same as
     * {@code call} (no extra stage).
     *
     * @param request the request
     * @param <R>     its response type
     * @return its response and the peer that sent it, or an error as described above
     */
    <R extends Response> CompletableFuture<Reply<R>> exchange(Request<R> request);

    /**
     * Offers a handshaken peer. The set checks it (duplicate address, per-IP limit, connection
     * limit, minimum version, bans) and either takes ownership of it or closes it; either way the
     * decision is reported as an event.
     *
     * @param client the peer
     * @return false if the set is closed (the client is then closed)
     */
    boolean addPeer(PeerClient client);

    /**
     * Reports that a peer misbehaved. Reports are batched per address and handed to the address
     * book every {@link PeerSetConstants#MISBEHAVIOR_FLUSH_INTERVAL} (reference section 4.13); an IP
     * whose score reaches {@link PeerSetConstants#MAX_PEER_MISBEHAVIOR_SCORE} is banned and its
     * peers are dropped. The reason of the last report in a batch goes with it to the book and
     * appears in the ban's {@link NodeEvent.IpBanned} event.
     *
     * @param address   the peer
     * @param increment the score to add, &gt; 0
     * @param reason    what the peer did, one short line (for example "invalid block")
     */
    void reportMisbehavior(PeerAddress address, int increment, String reason);

    /** @return the counts as of the set's last step */
    PeerSetStatus status();

    /**
     * Closes every peer and fails every waiting request with {@link PeerException.ServiceShutdown}.
     * Idempotent.
     */
    @Override
    void close();
}
