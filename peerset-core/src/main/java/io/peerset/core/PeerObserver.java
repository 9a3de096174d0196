package io.peerset.core;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerException;
import java.time.Duration;

/**
 * Hears the liveness events of peer connections: the events the reference sends to its address
 * book (section 6.4 {@code UpdateConnected}, section 6.10 {@code UpdatePingSent},
 * {@code UpdateResponded}, {@code UpdateFailed}). The address book implements it in a later step;
 * until then {@link #NONE} is used. Isolated connections never report.
 *
 * <p>As in the reference, only the handshake and heartbeat pongs count as liveness: ordinary
 * traffic does not call {@link #responded} (Appendix A.11).
 *
 * <p>Threading: called on the peer's connection executor, so calls for one peer are sequential;
 * calls for different peers may be concurrent. Implementations must be thread-safe, return
 * quickly and never block. An exception thrown here is logged and otherwise ignored.
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
}
