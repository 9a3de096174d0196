package io.peerset.core.common;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerException;
import io.peerset.wire.InventoryItem;
import java.time.Duration;
import java.util.List;

/**
 * Hears the liveness events of peer connections: the events the reference sends to its address
 * book (section 6.4 {@code UpdateConnected}, section 6.10 {@code UpdatePingSent},
 * {@code UpdateResponded}, {@code UpdateFailed}); the node maps them to address-book changes with
 * {@code discovery.AddressBookObserver}. {@link #NONE} ignores them. Isolated connections never report.
 *
 * <p>It also hears the inventory a peer advertises or reports missing ({@link #inventory}), which
 * feeds the peer set's inventory registry (section 5.3).
 *
 * <p>As in the reference, only the handshake and heartbeat pongs count as liveness: ordinary
 * traffic does not call {@link #responded} (Appendix A.11).
 *
 * <p>Threading: called on the peer's connection executor, so calls for one peer are sequential;
 * calls for different peers may be concurrent. Implementations must be thread-safe, return
 * quickly and never block. An exception thrown here is logged and otherwise ignored. One
 * exception: when the connection's executor is gone (the transport shut down), {@link #failed} is
 * called on the thread whose hand-over the executor rejected.
 */
public interface PeerObserver {

    /** Ignores every event. */
    PeerObserver NONE = new PeerObserver() {
    };

    /**
     * A handshake succeeded and the client is about to be handed out. Called once per connection.
     *
     * @param peer what the handshake negotiated
     */
    default void connected(ConnectionInfo peer) {
    }

    /**
     * The heartbeat is about to queue a ping.
     *
     * @param peer the connection
     */
    default void pingSent(ConnectionInfo peer) {
    }

    /**
     * The heartbeat's ping was answered.
     *
     * @param peer the connection
     * @param rtt  from sending the ping to receiving its pong
     */
    default void responded(ConnectionInfo peer, Duration rtt) {
    }

    /**
     * The connection ended. Called once per connection, after {@link #connected}; a client closed
     * by its owner reports {@link PeerException.ClientDropped} (the reference treats shutdown as a
     * failure too).
     *
     * @param peer  the connection
     * @param error why it ended (the error every waiting request received)
     */
    default void failed(ConnectionInfo peer, PeerException error) {
    }

    /**
     * The peer sent an {@code inv} ({@code advertised}) or a {@code notfound} ({@code missing}).
     * Called for every such message, before it is matched against our requests (reference section
     * 6.4 step 5), so the answers to our own {@code getblocks}, {@code mempool} and
     * {@code getdata} are reported too; exactly one of the lists is non-empty unless the message
     * was empty. The items are reported as received: which of them count (section 5.3: a lone
     * block, transaction ids, at most 1,000 hashes) is the registry's decision. Isolated
     * connections report nothing.
     *
     * @param peer       the connection
     * @param advertised the items of an {@code inv}, in message order; empty for a {@code notfound}
     * @param missing    the items of a {@code notfound}, in message order; empty for an {@code inv}
     */
    default void inventory(ConnectionInfo peer, List<InventoryItem> advertised, List<InventoryItem> missing) {
    }

    /**
     * The peer sent a {@code getblocks} or {@code getheaders} whose version field is not the
     * negotiated version (bcoin writes its own, 70015). The message was accepted and is served as
     * usual (a deviation from reference 7.3, see {@code PayloadCodec}); this only lets the node count
     * it. Called once per such message.
     *
     * @param peer    the connection
     * @param command {@code getblocks} or {@code getheaders}
     * @param version the version the message carried
     */
    default void locatorVersionMismatch(ConnectionInfo peer, String command, long version) {
    }
}
