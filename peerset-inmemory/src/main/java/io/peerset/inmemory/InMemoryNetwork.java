package io.peerset.inmemory;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectFailedException;
import io.peerset.api.FailureReason;
import io.peerset.api.PeerSetException;
import io.peerset.api.internal.Checks;
import io.peerset.api.spi.TransportConfig;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated IP network in memory: hosts get {@link InMemoryTransport}s, listeners bind addresses,
 * connects find them. Bytes travel as real frames through the API codec, with an optional one-way
 * latency, all on one {@link VirtualScheduler}, so a test with many nodes is deterministic and runs
 * in virtual time.
 *
 * <p>Threading: configure it before use; everything else happens on the scheduler.
 */
public final class InMemoryNetwork {

    /** First ephemeral port handed to outgoing connections and to listeners bound to port 0 (IANA range). */
    static final int FIRST_EPHEMERAL_PORT = 49_152;

    /** The address raw test connections come from. */
    public static final String RAW_HOST = "10.255.255.254";

    private final VirtualScheduler scheduler;
    private final Map<PeerAddress, InMemoryTransport.InMemoryAcceptor> listeners = new HashMap<>();
    private final Map<InetAddress, Integer> nextPort = new HashMap<>();
    private final Set<PeerAddress> unresponsive = new HashSet<>();
    private final Set<PeerAddress> stalled = new HashSet<>();
    private Duration latency = Duration.ZERO;
    private LinkLatency linkLatency;
    /** Every transport handed out, so that a test harness can close them all and find leaks. */
    private final List<InMemoryTransport> transports = new CopyOnWriteArrayList<>();

    /**
     * @param scheduler runs every delivery and every connection's handler
     */
    public InMemoryNetwork(VirtualScheduler scheduler) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
    }

    /** @return the scheduler everything runs on */
    public VirtualScheduler scheduler() {
        return scheduler;
    }

    /**
     * @param oneWay delay of every delivery (bytes, connects, closes); default zero
     * @return this
     */
    public InMemoryNetwork latency(Duration oneWay) {
        requireNonNull(oneWay, "oneWay");
        Checks.notNegative("latency", oneWay);
        this.latency = oneWay;
        return this;
    }

    /** @return the one-way latency */
    public Duration latency() {
        return latency;
    }

    /**
     * Gives each link its own latency: {@code latency} is asked once per connect, on the scheduler, in
     * the order connects happen (so a seeded function keeps a run deterministic), and its answer is
     * the one-way delay of the connect, of the bytes both ways and of the close. Replaces
     * {@link #latency(Duration)} for connections made from now on; raw test connections keep the
     * fixed latency.
     *
     * @param latency the links' latencies
     * @return this
     */
    public InMemoryNetwork linkLatency(LinkLatency latency) {
        this.linkLatency = requireNonNull(latency, "latency");
        return this;
    }

    /** The one-way latency of one link, chosen when it is made. */
    @FunctionalInterface
    public interface LinkLatency {
        /**
         * @param dialer   the host that connects
         * @param listener the address it connects to
         * @return the link's one-way latency, not negative
         */
        Duration oneWay(InetAddress dialer, PeerAddress listener);
    }

    /**
     * Makes connects to {@code address} hang (a silently dropping firewall): they fail only when
     * their timeout expires.
     *
     * @param address the address
     * @return this
     */
    public InMemoryNetwork dropConnectsTo(PeerAddress address) {
        synchronized (unresponsive) {
            unresponsive.add(requireNonNull(address, "address"));
        }
        return this;
    }

    /**
     * Stalls every connection whose local address is {@code local}: what it sends is held, and its
     * send futures stay pending (a peer that stopped reading, a full socket), until
     * {@link #resumeWrites(PeerAddress)}.
     *
     * @param local the sending end's address ({@code Connection.localAddress()})
     * @return this
     */
    public InMemoryNetwork stallWrites(PeerAddress local) {
        synchronized (stalled) {
            stalled.add(requireNonNull(local, "local"));
        }
        return this;
    }

    /**
     * Releases what {@link #stallWrites(PeerAddress)} held, in order; runs on the scheduler.
     *
     * @param local the sending end's address
     * @return this
     */
    public InMemoryNetwork resumeWrites(PeerAddress local) {
        synchronized (stalled) {
            stalled.remove(requireNonNull(local, "local"));
        }
        scheduler.execute(() -> {
            Set<InMemoryConnection> waiting = holding.remove(local);
            if (waiting != null) {
                waiting.forEach(InMemoryConnection::resume);
            }
        });
        return this;
    }

    boolean isStalled(PeerAddress local) {
        synchronized (stalled) {
            // asked on every send: no hashing of the address in the usual case of no stalls
            return !stalled.isEmpty() && stalled.contains(local);
        }
    }

    /**
     * Connections that hold frames because their local address was stalled, by that address, in the
     * order they began to hold: what {@link #resumeWrites} releases. Only holding connections are
     * here, so opening and closing a connection touches nothing shared by all of them. Confined to
     * the scheduler.
     */
    private final Map<PeerAddress, Set<InMemoryConnection>> holding = new HashMap<>();

    /** Runs on the scheduler when {@code connection} holds its first frame. */
    void holds(InMemoryConnection connection) {
        holding.computeIfAbsent(connection.localAddress(), a -> new LinkedHashSet<>()).add(connection);
    }

    /** Runs on the scheduler when {@code connection} holds no frame any more (released or closed). */
    void released(InMemoryConnection connection) {
        Set<InMemoryConnection> set = holding.get(connection.localAddress());
        if (set != null && set.remove(connection) && set.isEmpty()) {
            holding.remove(connection.localAddress());
        }
    }

    /**
     * @param network the Zcash network whose magic frames the transport's connections
     * @param hostIp  the host's IP literal, for example {@code "10.0.0.1"}
     * @return a transport for that host
     */
    public InMemoryTransport transport(Network network, String hostIp) {
        return transport(TransportConfig.builder(network).build(), hostIp);
    }

    /**
     * @param config the network and the water marks
     * @param hostIp the host's IP literal
     * @return a transport for that host
     */
    public InMemoryTransport transport(TransportConfig config, String hostIp) {
        InMemoryTransport transport = new InMemoryTransport(this, config, ip(hostIp));
        transports.add(transport);
        return transport;
    }

    /** @return every transport this network handed out, in order, open or closed (a copy) */
    public List<InMemoryTransport> transports() {
        return List.copyOf(transports);
    }

    /** @return the addresses listeners are bound to now, in no particular order (a copy) */
    public synchronized Set<PeerAddress> listening() {
        return Set.copyOf(listeners.keySet());
    }

    /**
     * Opens a byte-level connection from {@link #RAW_HOST} to a listener, for sending what no
     * well-behaved transport would: garbage, oversized frames, half frames.
     *
     * @param target a listening address
     * @return completes with the raw end once connected; exceptionally if nothing listens there
     */
    public CompletableFuture<RawConnection> connectRaw(PeerAddress target) {
        requireNonNull(target, "target");
        CompletableFuture<RawConnection> result = new CompletableFuture<>();
        PeerAddress local = new PeerAddress(ip(RAW_HOST), nextEphemeralPort(ip(RAW_HOST)));
        scheduler.schedule(latency, () -> {
            InMemoryTransport.InMemoryAcceptor acceptor = listener(target);
            if (acceptor == null) {
                result.completeExceptionally(refused(target));
                return;
            }
            RawConnection raw = new RawConnection(this, local);
            InMemoryConnection server = acceptor.newInbound(local);
            raw.peer(server);
            server.peer(raw);
            acceptor.offer(server);
            scheduler.schedule(latency, () -> result.complete(raw));
        });
        return result;
    }

    void send(Endpoint to, byte[] bytes) {
        send(to, bytes, latency);
    }

    void send(Endpoint to, byte[] bytes, Duration oneWay) {
        scheduler.schedule(oneWay, () -> to.deliver(bytes));
    }

    void sendEof(Endpoint to) {
        sendEof(to, latency);
    }

    void sendEof(Endpoint to, Duration oneWay) {
        scheduler.schedule(oneWay, to::deliverEof);
    }

    /** @return the one-way latency of a new link from {@code dialer} to {@code listener} */
    Duration linkLatency(InetAddress dialer, PeerAddress listener) {
        LinkLatency l = linkLatency;
        if (l == null) {
            return latency;
        }
        Duration d = requireNonNull(l.oneWay(dialer, listener), "link latency");
        Checks.notNegative("link latency", d);
        return d;
    }

    synchronized void bind(PeerAddress address, InMemoryTransport.InMemoryAcceptor acceptor) {
        if (listeners.containsKey(address)) {
            throw new PeerSetException("cannot listen on " + address + ": address already in use");
        }
        listeners.put(address, acceptor);
    }

    synchronized void unbind(PeerAddress address, InMemoryTransport.InMemoryAcceptor acceptor) {
        listeners.remove(address, acceptor);
    }

    synchronized InMemoryTransport.InMemoryAcceptor listener(PeerAddress address) {
        InMemoryTransport.InMemoryAcceptor exact = listeners.get(address);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<PeerAddress, InMemoryTransport.InMemoryAcceptor> e : listeners.entrySet()) {
            if (e.getKey().port() == address.port() && e.getKey().ip().isAnyLocalAddress()) {
                return e.getValue();
            }
        }
        return null;
    }

    boolean isUnresponsive(PeerAddress address) {
        synchronized (unresponsive) {
            return unresponsive.contains(address);
        }
    }

    synchronized int nextEphemeralPort(InetAddress host) {
        int port = nextPort.getOrDefault(host, FIRST_EPHEMERAL_PORT);
        nextPort.put(host, port == 65_535 ? FIRST_EPHEMERAL_PORT : port + 1);
        return port;
    }

    static ConnectFailedException refused(PeerAddress target) {
        return new ConnectFailedException(target, FailureReason.REFUSED,
                "connection refused");
    }

    private static InetAddress ip(String literal) {
        requireNonNull(literal, "hostIp");
        try {
            return PeerAddress.parse(literal.contains(":") ? "[" + literal + "]:1" : literal + ":1").ip();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hostIp: " + literal + " (expected: an IP literal)", e);
        }
    }

    static InetAddress wildcardTo(InetAddress ip, InetAddress host) {
        return ip.isAnyLocalAddress() ? host : ip;
    }
}
