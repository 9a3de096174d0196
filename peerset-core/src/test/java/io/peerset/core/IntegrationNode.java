package io.peerset.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ChainTip;
import io.peerset.api.PeerClient;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Handshaker;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.SystemScheduler;
import io.peerset.core.connect.PeerConnector;
import io.peerset.testkit.doubles.RecordingInboundService;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One peerset node on real sockets, assembled from the public API as an application would: the
 * Netty transport found with {@link Providers}, the Zcash handshaker found the same way, a
 * {@link PeerConnector}, the production {@link SystemScheduler}, and a listener on 127.0.0.1 (any
 * free port) whose accept loop hands every connection to the same connector.
 *
 * <p>Handshake nonces come from a {@link SecureRandom}, as in production: two nodes must never
 * draw the same nonces, or each would take the other for itself. The connector's generator (ping
 * nonces, address choice) is seeded.
 */
final class IntegrationNode implements AutoCloseable {

    /** Every wait on a real socket is bounded by this (generous: 2 cores, a busy build). */
    static final Duration WAIT = Duration.ofSeconds(5);

    final Network network;
    final SystemScheduler scheduler = new SystemScheduler();
    final Transport transport;
    final Handshaker handshaker;
    final PeerConnector connector;
    final RecordingInboundService inbound = new RecordingInboundService();
    /** One future per accepted connection, in accept order: its handshake's outcome. */
    private final LinkedBlockingQueue<CompletableFuture<PeerClient>> accepted = new LinkedBlockingQueue<>();
    private final List<CompletableFuture<PeerClient>> clients = new CopyOnWriteArrayList<>();
    private Acceptor acceptor;
    /** Applied to every accepted connection before the handshake (tests that watch the wire). */
    volatile UnaryOperator<Connection> acceptedConnections = UnaryOperator.identity();

    IntegrationNode(Network network, String userAgent, ChainTip tip) {
        this(network, userAgent, tip, ConnectionConfig.defaults());
    }

    IntegrationNode(Network network, String userAgent, ChainTip tip, ConnectionConfig config) {
        this.network = network;
        this.transport = Providers.transportProvider("netty").create(TransportConfig.builder(network).ioThreads(1).build());
        this.handshaker = Providers.handshakerProvider().create(
                HandshakeConfig.builder(network).userAgent(userAgent).chainTip(tip).build(), scheduler, new SecureRandom());
        this.connector = PeerConnector.builder().transport(transport).handshaker(handshaker).inboundService(inbound)
                .scheduler(scheduler).random(new SplittableRandom(userAgent.hashCode())).config(config).build();
    }

    /** Binds 127.0.0.1:0 and accepts every connection through {@link #connector}. */
    PeerAddress listen() throws Exception {
        acceptor = transport.listen(PeerAddress.parse("127.0.0.1:0")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        acceptLoop();
        return acceptor.localAddress();
    }

    PeerAddress address() {
        return acceptor.localAddress();
    }

    private void acceptLoop() {
        acceptor.accept().thenAccept(connection -> {
            CompletableFuture<PeerClient> client = connector.accept(acceptedConnections.apply(connection));
            clients.add(client);
            accepted.add(client);
            acceptLoop();
        }); // fails once the acceptor is closed: the loop ends
    }

    /** Dials through {@link #connector}; the client is closed with the node. */
    CompletableFuture<PeerClient> connect(PeerAddress address) {
        CompletableFuture<PeerClient> client = connector.connect(address);
        clients.add(client);
        return client;
    }

    /** @return the handshake of the next connection this node accepted (waits for the accept, bounded) */
    CompletableFuture<PeerClient> nextAccepted() throws InterruptedException {
        CompletableFuture<PeerClient> next = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(next).as("a connection accepted within " + WAIT).isNotNull();
        return next;
    }

    /** @return the handshake of the next accepted connection, which must succeed */
    PeerClient nextAcceptedClient() throws Exception {
        return nextAccepted().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        for (CompletableFuture<PeerClient> client : clients) {
            client.thenAccept(PeerClient::close);
        }
        if (acceptor != null) {
            acceptor.close();
        }
        transport.close();
        scheduler.close();
    }
}
