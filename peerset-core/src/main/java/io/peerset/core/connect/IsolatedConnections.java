package io.peerset.core.connect;

import static java.util.Objects.requireNonNull;

import io.peerset.api.InboundService;
import io.peerset.api.PeerClient;
import io.peerset.api.Traffic;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.TrafficCounter;
import io.peerset.api.spi.Transport;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.PeerObserver;
import io.peerset.core.peer.ZcashHandshaker;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * One-off connections to a single peer that reveal nothing about us and touch no shared state
 * (reference section 6.13): for sending a transaction privately, or for tools such as
 * {@code peerset ping}.
 *
 * <p>Each connection uses {@link HandshakeConfig#isolated(Network, String)} (services 0, relay
 * off, both version addresses {@code 0.0.0.0:<default port>} — the receiver's with services
 * {@code NODE_NETWORK}, ours with services 0, exactly as the reference sends them — start height 0,
 * timestamp rounded to 5 minutes, no services requirement), a nonce set of its own, an inbound service that answers
 * nothing ({@link InboundService#nil()}), and no observer: it never reaches an address book, peer
 * set or inventory registry. Its address cache is not seeded from the peer's {@code version}, so a
 * {@code Peers} request really asks the peer ({@code getaddr}). The heartbeat runs as usual.
 *
 * <p>Deviation from the reference: the reference applies no timeout (callers add one); here the
 * caller passes it, and it covers the connect and the handshake, as for {@link PeerConnector}.
 *
 * <p>Thread-safe (stateless).
 */
public final class IsolatedConnections {

    private IsolatedConnections() {
    }

    /**
     * Dials {@code address} and handshakes anonymously.
     *
     * @param transport the transport to dial with
     * @param network   the network to announce
     * @param address   the peer
     * @param userAgent the user agent to send, often empty; at most 256 UTF-8 bytes
     * @param timeout   the budget for the connect and the handshake together, positive
     * @param scheduler timers and clock
     * @param random    nonces; shared by the handshake and the connection, serialised on itself
     * @return the client; exceptionally with a {@link io.peerset.api.HandshakeException}
     */
    public static CompletableFuture<PeerClient> connect(Transport transport, Network network, PeerAddress address,
                                                        String userAgent, Duration timeout, Scheduler scheduler,
                                                        RandomGenerator random) {
        requireNonNull(transport, "transport");
        requireNonNull(address, "address");
        return connector(transport, network, userAgent, timeout, scheduler, random).connect(address);
    }

    /**
     * Handshakes anonymously on a connection that is already open (the reference's
     * {@code connect_isolated} over a given stream).
     *
     * @param connection an open connection, no handler attached; its {@link Connection#network()}
     *                   is announced
     * @param userAgent  the user agent to send, often empty; at most 256 UTF-8 bytes
     * @param timeout    the handshake budget, positive
     * @param scheduler  timers and clock
     * @param random     nonces; shared by the handshake and the connection, serialised on itself
     * @return the client; exceptionally with a {@link io.peerset.api.HandshakeException}
     */
    public static CompletableFuture<PeerClient> handshake(Connection connection, String userAgent, Duration timeout,
                                                          Scheduler scheduler, RandomGenerator random) {
        requireNonNull(connection, "connection");
        return connector(new NoDialTransport(), connection.network(), userAgent, timeout, scheduler, random)
                .accept(connection);
    }

    private static PeerConnector connector(Transport transport, Network network, String userAgent, Duration timeout,
                                           Scheduler scheduler, RandomGenerator random) {
        requireNonNull(network, "network");
        requireNonNull(userAgent, "userAgent");
        requireNonNull(scheduler, "scheduler");
        requireNonNull(random, "random");
        HandshakeConfig handshakeConfig = HandshakeConfig.isolated(network, userAgent);
        ConnectionConfig config = ConnectionConfig.builder().handshakeTimeout(timeout).build();
        return new PeerConnector(transport, new ZcashHandshaker(handshakeConfig, scheduler, random),
                InboundService.nil(), scheduler, random, config, PeerObserver.NONE, false);
    }

    /** The transport of {@link #handshake}: the connection exists already, nothing is dialled. */
    private static final class NoDialTransport implements Transport {
        /** It carries no frames (the connection's own transport counts them): always zero. */
        private static final Traffic NONE = new TrafficCounter().snapshot();

        @Override
        public String name() {
            return "none";
        }

        @Override
        public Traffic traffic() {
            return NONE;
        }

        @Override
        public CompletableFuture<Acceptor> listen(PeerAddress address) {
            throw new UnsupportedOperationException("isolated handshake: no listening");
        }

        @Override
        public CompletableFuture<Connection> connect(PeerAddress address, Duration timeout) {
            throw new UnsupportedOperationException("isolated handshake: no dialling");
        }

        @Override
        public void close() {
        }
    }
}
