package io.peerset.inmemory;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectFailedException;
import io.peerset.api.FailureReason;
import io.peerset.api.PeerSetException;
import io.peerset.api.Traffic;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.TrafficCounter;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory {@link Transport}: one simulated host of an {@link InMemoryNetwork}. Passes the
 * same conformance suite as the TCP transport, and runs entirely on the network's
 * {@link VirtualScheduler}.
 *
 * <p>Thread-safe: operations hand over to the scheduler.
 */
public final class InMemoryTransport implements Transport {

    /**
     * Inbound connections an acceptor holds before refusing more, like a TCP listen backlog: a test
     * that floods a listener sees refusals instead of unbounded memory.
     */
    public static final int BACKLOG = 128;

    private final InMemoryNetwork network;
    private final TransportConfig config;
    private final InetAddress host;
    private final Set<InMemoryConnection> connections = new LinkedHashSet<>();
    private final Set<InMemoryAcceptor> acceptors = new LinkedHashSet<>();
    private final TrafficCounter traffic = new TrafficCounter();
    private boolean closed;

    InMemoryTransport(InMemoryNetwork network, TransportConfig config, InetAddress host) {
        this.network = network;
        this.config = requireNonNull(config, "config");
        this.host = host;
    }

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public Traffic traffic() {
        return traffic.snapshot();
    }

    /** @return the counter this transport's connections count their frames into */
    TrafficCounter trafficCounter() {
        return traffic;
    }

    /** @return this host's IP */
    public InetAddress host() {
        return host;
    }

    @Override
    public CompletableFuture<Acceptor> listen(PeerAddress address) {
        requireNonNull(address, "address");
        CompletableFuture<Acceptor> result = new CompletableFuture<>();
        network.scheduler().execute(() -> {
            if (isClosed()) {
                result.completeExceptionally(new PeerSetException("cannot listen on " + address + ": transport closed"));
                return;
            }
            InetAddress ip = InMemoryNetwork.wildcardTo(address.ip(), host);
            int port = address.port() == 0 ? network.nextEphemeralPort(ip) : address.port();
            InMemoryAcceptor acceptor = new InMemoryAcceptor(new PeerAddress(ip, port));
            try {
                network.bind(acceptor.localAddress, acceptor);
            } catch (PeerSetException e) {
                result.completeExceptionally(e);
                return;
            }
            synchronized (this) {
                acceptors.add(acceptor);
            }
            result.complete(acceptor);
        });
        return result;
    }

    @Override
    public CompletableFuture<Connection> connect(PeerAddress address, Duration timeout) {
        requireNonNull(address, "address");
        Checks.positive("timeout", timeout);
        CompletableFuture<Connection> result = new CompletableFuture<>();
        PeerAddress local = new PeerAddress(host, network.nextEphemeralPort(host));
        Cancellable timer = network.scheduler().schedule(timeout, () -> result.completeExceptionally(
                new ConnectFailedException(address, FailureReason.TIMEOUT,
                        "connect timed out after " + timeout.toMillis() + " ms")));
        result.whenComplete((c, e) -> timer.cancel());
        if (network.isUnresponsive(address)) {
            return result;
        }
        Duration oneWay = network.linkLatency(host, address);
        network.scheduler().schedule(oneWay, () -> {
            InMemoryAcceptor acceptor = network.listener(address);
            if (acceptor == null || isClosed()) {
                network.scheduler().schedule(oneWay,
                        () -> result.completeExceptionally(InMemoryNetwork.refused(address)));
                return;
            }
            InMemoryConnection client = new InMemoryConnection(network, this, config, local, address, false);
            InMemoryConnection server = acceptor.newInbound(local);
            client.peer(server);
            server.peer(client);
            client.latency(oneWay);
            server.latency(oneWay);
            if (!acceptor.offer(server)) {
                network.scheduler().schedule(oneWay,
                        () -> result.completeExceptionally(InMemoryNetwork.refused(address)));
                return;
            }
            track(client);
            network.scheduler().schedule(oneWay, () -> {
                if (!result.complete(client)) {
                    client.close("connect already timed out");
                }
            });
        });
        return result;
    }

    @Override
    public void close() {
        Set<InMemoryAcceptor> a;
        Set<InMemoryConnection> c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            a = Set.copyOf(acceptors);
            c = Set.copyOf(connections);
        }
        a.forEach(InMemoryAcceptor::close);
        c.forEach(conn -> conn.close("transport closed"));
    }

    /** @return whether {@link #close()} was called */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** @return how many of this host's connections are open now (dialled or accepted, not yet closed) */
    public synchronized int openConnections() {
        return connections.size();
    }

    synchronized void track(InMemoryConnection connection) {
        connections.add(connection);
    }

    synchronized void forget(InMemoryConnection connection) {
        connections.remove(connection);
    }

    /** A bound listener; hands over connections on {@link #accept()}, holding up to {@link #BACKLOG}. */
    final class InMemoryAcceptor implements Acceptor {
        private final PeerAddress localAddress;
        private final ArrayDeque<InMemoryConnection> backlog = new ArrayDeque<>();
        private CompletableFuture<Connection> waiting;
        private boolean acceptorClosed;

        InMemoryAcceptor(PeerAddress localAddress) {
            this.localAddress = localAddress;
        }

        InMemoryConnection newInbound(PeerAddress remote) {
            return new InMemoryConnection(network, InMemoryTransport.this, config, localAddress, remote, true);
        }

        /** Runs on the scheduler. */
        boolean offer(InMemoryConnection connection) {
            CompletableFuture<Connection> w;
            synchronized (this) {
                if (acceptorClosed || backlog.size() >= BACKLOG) {
                    return false;
                }
                w = waiting;
                waiting = null;
                if (w == null) {
                    backlog.add(connection);
                }
            }
            track(connection);
            if (w != null) {
                w.complete(connection);
            }
            return true;
        }

        @Override
        public PeerAddress localAddress() {
            return localAddress;
        }

        @Override
        public CompletableFuture<Connection> accept() {
            CompletableFuture<Connection> result = new CompletableFuture<>();
            synchronized (this) {
                if (waiting != null) {
                    throw new IllegalStateException("accept: one is already outstanding on " + localAddress);
                }
                if (acceptorClosed) {
                    result.completeExceptionally(new PeerSetException("acceptor on " + localAddress + " is closed"));
                    return result;
                }
                InMemoryConnection next = backlog.poll();
                if (next == null) {
                    waiting = result;
                    return result;
                }
                network.scheduler().execute(() -> result.complete(next));
                return result;
            }
        }

        @Override
        public void close() {
            CompletableFuture<Connection> w;
            ArrayDeque<InMemoryConnection> pending;
            synchronized (this) {
                if (acceptorClosed) {
                    return;
                }
                acceptorClosed = true;
                w = waiting;
                waiting = null;
                pending = new ArrayDeque<>(backlog);
                backlog.clear();
            }
            network.unbind(localAddress, this);
            if (w != null) {
                w.completeExceptionally(new PeerSetException("acceptor on " + localAddress + " is closed"));
            }
            pending.forEach(c -> c.close("listener closed before accepting"));
        }
    }
}
