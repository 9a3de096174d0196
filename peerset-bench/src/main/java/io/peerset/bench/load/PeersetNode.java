package io.peerset.bench.load;

import io.peerset.api.InboundService;
import io.peerset.api.PeerClient;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.core.connect.PeerConnector;
import io.peerset.core.peer.ZcashHandshakerProvider;
import io.peerset.transport.netty.NettyTransportProvider;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * One peerset node for the load harness: a Netty transport, its own handshaker (so two nodes in
 * one JVM do not see each other's nonces as self-connections) and a {@link PeerConnector}. As a
 * listener it accepts without pacing and handshakes every connection.
 *
 * <p>Thread-safe as far as the harness needs.
 */
final class PeersetNode implements AutoCloseable {

    final Transport transport;
    final PeerConnector connector;
    final LongAdder handshakes = new LongAdder();
    final List<PeerClient> inbound = new CopyOnWriteArrayList<>();
    private Acceptor acceptor;
    private volatile boolean keepInbound;

    PeersetNode(Network network, int ioThreads, Scheduler scheduler, long seed) {
        this.transport = new NettyTransportProvider().create(TransportConfig.builder(network).ioThreads(ioThreads).build());
        SplittableRandom random = new SplittableRandom(seed);
        this.connector = PeerConnector.builder()
                .transport(transport)
                .handshaker(new ZcashHandshakerProvider().create(HandshakeConfig.builder(network).build(), scheduler,
                        random.split()))
                .inboundService(InboundService.nil())
                .scheduler(scheduler)
                .random(random.split())
                .build();
    }

    /**
     * Listens on an ephemeral loopback port and handshakes every connection, as fast as they come.
     *
     * @param keep whether to keep the inbound clients (idle-heap run) or let them go
     * @return the listening address
     */
    PeerAddress listen(boolean keep) {
        this.keepInbound = keep;
        acceptor = transport.listen(PeerAddress.parse("127.0.0.1:0")).join();
        acceptLoop();
        return acceptor.localAddress();
    }

    private void acceptLoop() {
        acceptor.accept().whenComplete((connection, failure) -> {
            if (failure != null) {
                return;
            }
            connector.accept(connection).whenComplete((client, e) -> {
                if (client != null) {
                    handshakes.increment();
                    if (keepInbound) {
                        inbound.add(client);
                    }
                }
            });
            acceptLoop();
        });
    }

    CompletableFuture<PeerClient> connect(PeerAddress address) {
        return connector.connect(address);
    }

    @Override
    public void close() {
        if (acceptor != null) {
            acceptor.close();
        }
        inbound.forEach(PeerClient::close);
        transport.close();
    }
}
