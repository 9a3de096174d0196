package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.InboundOverloadedException;
import io.peerset.api.InboundService;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.Traffic;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.api.spi.Scheduler;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.CoreConstants;
import io.peerset.core.common.PeerObserver;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddrV2Message;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.BlockMessage;
import io.peerset.wire.FilterAddMessage;
import io.peerset.wire.FilterClearMessage;
import io.peerset.wire.FilterLoadMessage;
import io.peerset.wire.HeadersMessage;
import io.peerset.wire.InvMessage;
import io.peerset.wire.LocatorMessage;
import io.peerset.wire.Message;
import io.peerset.wire.NotFoundMessage;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.PingMessage;
import io.peerset.wire.PongMessage;
import io.peerset.wire.RejectMessage;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.VersionMessage;
import io.peerset.wire.WireFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handshaken peer: the connection state machine of reference section 6.6, its heartbeat
 * (section 6.10) and the {@link PeerClient} that callers use.
 *
 * <h2>Parts</h2>
 * This class routes the transport's events and owns the failure path; the seams are separate
 * package-private classes: {@link ClientState} (the client's any-thread state: slot, error,
 * readiness waiters, close future), {@link LocalRequests} (the loop-confined queue of local
 * requests: awaiting a request, or awaiting a response with its {@link ResponseHandler} and receive
 * timer), {@link InboundServer} and {@link Heartbeat}. Local requests become wire messages and their
 * answers are matched per section 6.7; every other peer message is an inbound request per section
 * 6.8, served by the application's {@link InboundService}, strictly one at a time: while one is
 * served no further message is asked of the transport.
 *
 * <h2>Backpressure (reference sections 6.8 and 8)</h2>
 * The reference awaits each send before it reads the next message. Here no further message is
 * asked of the transport until every message of the previous answer to the peer ({@code pong}
 * included) has been written, nor while {@link Connection#isWritable()} is false (demand resumes
 * on {@link ConnectionHandler#onWritabilityChanged(boolean) onWritabilityChanged(true)}). So a
 * peer that stops reading while it streams {@code getdata} or {@code ping} holds back its own
 * stream (TCP flow control) instead of making us queue answers, and the send timeout closes the
 * connection once a write has waited {@link ConnectionConfig#requestTimeout()}.
 *
 * <h2>Inbound service outcomes</h2>
 * An answer is translated to messages (section 6.8). A failure with
 * {@link InboundOverloadedException}, or no answer within
 * {@link ConnectionConfig#inboundServiceTimeout()}, is an overload (section 6.9). A failure with
 * {@link RejectedExecutionException} means the application's service is shut down: the
 * connection fails with {@link PeerException.ServiceShutdown}. Any other failure is logged and
 * nothing is sent; the connection stays.
 *
 * <h2>Inventory</h2>
 * Every received {@code inv} and {@code notfound} is reported to
 * {@link PeerObserver#inventory} before it is matched against a request (section 6.4 step 5).
 *
 * <h2>Threading</h2>
 * Every field but {@link ClientState}'s state is confined to the connection's
 * {@link Connection#executor()} (the "loop"): no locks. Callers' calls, timers and futures completed
 * elsewhere hand their work over with {@code executor().execute}. The client's slot, error and
 * readiness waiters are the only state touched from other threads, through atomics.
 *
 * <h2>Readiness (a deliberate change from the reference, Appendix A.7)</h2>
 * One caller request is in flight at a time, and the slot frees when its future completes (answer,
 * error, timeout or cancellation), not when the connection dequeues it. The heartbeat's pings have
 * a slot of their own, queued behind the caller's request, and never make the client unready.
 *
 * <h2>Failure</h2>
 * The first error wins and is stored; the pending request, the queued ones, readiness waiters and
 * {@link #closeFuture()} all complete with that same instance; the transport connection is closed;
 * the close is logged once. If the executor rejects a hand-over (the transport's event loops are
 * gone), the loop can never run again: the connection fails at once, on the rejected caller's
 * thread, with {@link PeerException.ConnectionDropped} (unless an error was stored already), and
 * every caller's request, readiness waiter and {@link #closeFuture()} completes with it.
 */
@SuppressWarnings("try") // MdcScope is a try-with-resources used only for its effect on the MDC
public final class PeerConnection implements PeerClient {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    /** Messages delivered after the handshake: written on the loop only, read by any thread. */
    private volatile long messagesReceived;
    private final Connection connection;
    private final ConnectionInfo info;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final ConnectionConfig config;
    private final PeerObserver observer;
    private final Executor loop;
    private final String peer;

    /** The any-thread half: slot, error, readiness waiters, close future. */
    private final ClientState client;

    // Loop-confined state.
    private final AddressCache addressCache;
    private final LocalRequests requests;
    private final InboundServer server;
    private final Sender sender;
    private boolean demandOutstanding;
    private boolean shutdown;
    private final Heartbeat heartbeat;

    private PeerConnection(Connection connection, ConnectionInfo info, InboundService inbound, Scheduler scheduler,
                           RandomGenerator random, ConnectionConfig config, PeerObserver observer) {
        this.connection = connection;
        this.info = info;
        this.scheduler = scheduler;
        this.random = SafeRandom.of(random);
        this.config = config;
        this.observer = observer;
        this.loop = connection.executor();
        this.peer = connection.remoteAddress().redacted();
        this.addressCache = new AddressCache(this.random);
        Host host = new Host();
        this.client = new ClientState(host, peer);
        this.sender = new Sender(host, connection, scheduler, config.requestTimeout());
        this.requests = new LocalRequests(host, client, info, scheduler, config, addressCache);
        this.server = new InboundServer(host, inbound, info, scheduler, config, this.random);
        this.heartbeat = new Heartbeat(host, scheduler, this.random, config.heartbeatInterval());
    }

    /**
     * Takes over a handshaken connection: attaches the state machine, seeds the address cache,
     * starts the heartbeat, asks for the first message, and reports {@link PeerObserver#connected}.
     * Must run on the connection's executor, with no demand outstanding (the handshake's contract).
     *
     * @param connection       the handshaken connection
     * @param info             what the handshake negotiated
     * @param inbound          the application's answers to the peer
     * @param scheduler        timers and clock
     * @param random           ping nonces, address choice, overload drops
     * @param config           timeouts
     * @param observer         liveness events
     * @param seedAddressCache whether the remote version's addresses seed the address cache
     *                         (false for isolated connections, whose {@code Peers} must ask the peer)
     * @return the client
     */
    public static PeerConnection start(Connection connection, ConnectionInfo info, InboundService inbound,
                                       Scheduler scheduler, RandomGenerator random, ConnectionConfig config,
                                       PeerObserver observer, boolean seedAddressCache) {
        PeerConnection peer = new PeerConnection(requireNonNull(connection, "connection"), requireNonNull(info, "info"),
                requireNonNull(inbound, "inbound"), requireNonNull(scheduler, "scheduler"),
                requireNonNull(random, "random"), requireNonNull(config, "config"), requireNonNull(observer, "observer"));
        try (MdcScope ignored = MdcScope.peer(peer.peer)) {
            if (seedAddressCache) {
                peer.addressCache.addAll(alternateAddresses(info, scheduler.instant()));
            }
            peer.notifyObserver("connected", () -> observer.connected(info));
            connection.attach(peer.new Handler());
            if (!peer.shutdown) {
                peer.heartbeat.start();
                peer.requestMore();
            }
        }
        return peer;
    }

    /**
     * Addresses learned from the remote {@code version} (reference section 4.11): outbound, the
     * peer's announced address (unspecified parts replaced by the dialled ones) if it differs from
     * the dialled address; inbound, the announced address and the connection's IP with the announced
     * port. Addresses with an unspecified IP or port 0 are dropped: nobody can dial them.
     */
    static List<AddressEntry> alternateAddresses(ConnectionInfo info, Instant now) {
        PeerAddress announced = info.remoteVersion().sender().address();
        PeerAddress remote = info.remoteAddress();
        List<PeerAddress> addresses = new ArrayList<>(2);
        if (!info.inbound()) {
            PeerAddress fixed = new PeerAddress(announced.ip().isAnyLocalAddress() ? remote.ip() : announced.ip(),
                    announced.port() == 0 ? remote.port() : announced.port());
            if (!fixed.equals(remote)) {
                addresses.add(fixed);
            }
        } else {
            addresses.add(announced);
            PeerAddress maybe = new PeerAddress(remote.ip(), announced.port());
            if (!maybe.equals(announced)) {
                addresses.add(maybe);
            }
        }
        List<AddressEntry> entries = new ArrayList<>(addresses.size());
        for (PeerAddress address : addresses) {
            if (!address.ip().isAnyLocalAddress() && address.port() != 0) {
                entries.add(new AddressEntry(now, PeerServices.NETWORK, address));
            }
        }
        return entries;
    }

    // ---------------------------------------------------------------- PeerClient (any thread)

    @Override
    public Traffic.Command traffic() {
        return new Traffic.Command("total", messagesReceived, connection.bytesReceived(), sender.messagesSent(),
                connection.bytesSent());
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public boolean isReady() {
        return client.isReady();
    }

    @Override
    public CompletableFuture<Void> ready() {
        return client.ready();
    }

    @Override
    public <R extends Response> CompletableFuture<R> call(Request<R> request) {
        return client.call(request);
    }

    @Override
    public Optional<PeerException> error() {
        return client.error();
    }

    @Override
    public CompletableFuture<PeerException> closeFuture() {
        return client.closeFuture();
    }

    @Override
    public void close() {
        client.dropByClient();
        onLoop(this::shutdown);
    }

    /** @return the round-trip time of the last answered ping (heartbeat or caller's), if any */
    public Optional<Duration> lastRtt() {
        return client.lastRtt();
    }

    /** @return the transport connection (tests, the peer set's bookkeeping) */
    public Connection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return "PeerConnection[" + peer + (info.inbound() ? ", inbound" : ", outbound") + ", version "
                + info.negotiatedVersion() + client.error().map(e -> ", failed: " + e.getMessage()).orElse("") + "]";
    }

    // ---------------------------------------------------------------- loop: hand-over

    private void onLoop(Runnable task) {
        try {
            loop.execute(() -> runNow(task));
        } catch (RejectedExecutionException e) {
            loopGone(e);
        }
    }

    /** Runs a loop task now (the caller is on the loop), as {@link #onLoop} runs it later. */
    private void runNow(Runnable task) {
        try (MdcScope ignored = MdcScope.peer(peer)) {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("bug: connection to {} failed unexpectedly", peer, e);
            fail(new PeerException.ConnectionTaskExited(e));
        }
    }

    /**
     * The executor rejected a hand-over: the transport's event loop is gone, and nothing will run
     * on it again. Fails everything that waits, from the rejected caller's thread, using only the
     * thread-safe state: the stored error, the unfinished requests, the readiness waiters and the
     * close future. Idempotent.
     */
    private void loopGone(RejectedExecutionException cause) {
        if (!client.storeError(new PeerException.ConnectionDropped(cause))) {
            LOG.trace("executor of {} rejected a task after the connection failed", peer);
        }
        PeerException failure = client.storedError();
        client.failUnfinished();
        if (client.closeReported()) {
            return;
        }
        try (MdcScope ignored = MdcScope.peer(peer)) {
            LOG.debug("the executor of {} rejected a task (its event loop is gone): {}", peer, String.valueOf(cause));
            closeTransport(failure);
            reportClose(failure);
        }
    }

    // ---------------------------------------------------------------- loop: peer messages

    private void onMessage(Message message) {
        messagesReceived++; // one writer (the loop); read from any thread
        demandOutstanding = false;
        if (shutdown) {
            return;
        }
        try (MdcScope ignored = MdcScope.peer(peer)) {
            reportInventory(message);
            reportLocatorVersion(message);
            Message inboundMessage = message;
            ResponseHandler.Outcome outcome = requests.offer(message);
            if (outcome != null) {
                if (outcome.consumed()) {
                    if (outcome.finished()) {
                        requests.completeCurrent(outcome.response(), outcome.error());
                    }
                    if (outcome.reprocess() == null) {
                        requestMore();
                        return;
                    }
                    inboundMessage = outcome.reprocess();
                }
            }
            if (!shutdown) {
                handleInbound(inboundMessage);
            }
        } catch (RuntimeException e) {
            LOG.error("bug: connection to {} failed handling {}", peer, message.command(), e);
            fail(new PeerException.ConnectionTaskExited(e));
        }
    }

    /** Reference sections 5.3 and 6.4 step 5: the inventory registry hears every inv and notfound first. */
    private void reportInventory(Message message) {
        if (message instanceof InvMessage inv) {
            notifyObserver("inventory", () -> observer.inventory(info, inv.items(), List.of()));
        } else if (message instanceof NotFoundMessage notFound) {
            notifyObserver("inventory", () -> observer.inventory(info, List.of(), notFound.items()));
        }
    }

    /**
     * A {@code getblocks}/{@code getheaders} that carries a version other than the negotiated one is
     * served as usual (bcoin writes its own protocol version there; the reference, 7.3, would close
     * the connection: see {@code PayloadCodec}); it is logged and counted so an operator can see it.
     */
    private void reportLocatorVersion(Message message) {
        if (!(message instanceof LocatorMessage locator)) {
            return;
        }
        long version = locator.version();
        if (version != info.negotiatedVersion()) {
            LOG.debug("{} from {} carries version {}, not the negotiated {}: accepted", message.command(),
                    connection.remoteAddress(), version, info.negotiatedVersion());
            notifyObserver("locatorVersionMismatch",
                    () -> observer.locatorVersionMismatch(info, message.command(), version));
        }
    }

    private void onWritabilityChanged(boolean writable) {
        if (writable) {
            try (MdcScope ignored = MdcScope.peer(peer)) {
                requestMore();
            }
        }
    }

    private void onUnknownCommand(String command, int payloadLength) {
        LOG.debug("ignoring unknown command {} ({} bytes) from {}", command, payloadLength, connection.remoteAddress());
    }

    /** A message that is not an answer: reference section 6.8. */
    private void handleInbound(Message message) {
        if (message instanceof PingMessage ping) {
            server.readAfter(sender.send(new PongMessage(ping.nonce()), null, null));
            return;
        } else if (message instanceof VersionMessage || message instanceof VerackMessage) {
            fail(new PeerException.DuplicateHandshake());
            return;
        } else if (message instanceof AddrMessage addr) {
            // Never straight to the address book: a crawler's Peers request takes a few at random.
            addressCache.addAll(addr.entries());
        } else if (message instanceof AddrV2Message addrV2) {
            addressCache.addAll(addrV2.addresses());
        } else if (message instanceof RejectMessage || message instanceof NotFoundMessage
                || message instanceof PongMessage || message instanceof BlockMessage || message instanceof HeadersMessage) {
            LOG.debug("ignoring unsolicited {} from {}", message.command(), connection.remoteAddress());
        } else if (message instanceof FilterLoadMessage || message instanceof FilterAddMessage
                || message instanceof FilterClearMessage) {
            LOG.debug("ignoring {} from {}: bloom filters are not supported", message.command(), connection.remoteAddress());
        } else {
            Optional<Request<?>> request = MessageMapping.toInboundRequest(message);
            if (request.isPresent()) {
                server.serve(request.get());
                return;
            }
            LOG.debug("ignoring {} from {}: nothing to answer", message.command(), connection.remoteAddress());
        }
        requestMore();
    }

    private void requestMore() {
        if (!shutdown && !demandOutstanding && server.idle() && connection.isWritable()) {
            demandOutstanding = true;
            connection.request(CoreConstants.MESSAGE_DEMAND);
        }
    }

    // ---------------------------------------------------------------- loop: failure

    private void onClosed(CloseReason reason) {
        if (shutdown) {
            return;
        }
        try (MdcScope ignored = MdcScope.peer(peer)) {
            fail(toPeerException(reason));
        }
    }

    static PeerException toPeerException(CloseReason reason) {
        switch (reason.kind()) {
            case REMOTE:
                return new PeerException.ConnectionClosed();
            case IO_ERROR:
                return reason.cause().map(PeerException.ConnectionClosed::new).orElseGet(PeerException.ConnectionClosed::new);
            case DECODE_ERROR:
                if (reason.cause().orElse(null) instanceof WireFormatException wire) {
                    return new PeerException.Serialization(wire);
                }
                return new PeerException.ConnectionClosed();
            default:
                return new PeerException.ConnectionDropped();
        }
    }

    /** Stores the error if it is the first, then shuts down. Runs on the loop. */
    private void fail(PeerException failure) {
        if (!client.storeError(failure)) {
            LOG.trace("later error on {} ignored: {}", peer, failure.getMessage());
        }
        shutdown();
    }

    private void shutdown() {
        if (shutdown) {
            return;
        }
        shutdown = true;
        PeerException failure = client.storedError();
        heartbeat.stop();
        server.shutdown();
        sender.shutdown();
        requests.shutdown(failure);
        client.drainReadyWaiters();
        closeTransport(failure);
        reportClose(failure);
    }

    private void closeTransport(PeerException failure) {
        try {
            connection.close(failure.getMessage());
        } catch (RuntimeException e) {
            // A transport whose event loops are gone may refuse even the close.
            LOG.debug("could not close the connection to {}: {}", peer, String.valueOf(e));
        }
    }

    /** Logs the close, tells the observer and completes {@link #closeFuture()}: once, whoever comes first. */
    private void reportClose(PeerException failure) {
        if (!client.claimCloseReport()) {
            return;
        }
        logClose(failure);
        notifyObserver("failed", () -> observer.failed(info, failure));
        client.closeFuture().complete(failure);
    }

    private void logClose(PeerException failure) {
        boolean usual = failure instanceof PeerException.ClientDropped || failure instanceof PeerException.ConnectionClosed
                || failure instanceof PeerException.ConnectionDropped || failure instanceof PeerException.ConnectionReceiveTimeout
                || failure instanceof PeerException.HeartbeatTaskExited || failure instanceof PeerException.ServiceShutdown;
        if (usual) {
            LOG.debug("connection to {} closed: {}", connection.remoteAddress(), failure.getMessage());
        } else {
            LOG.info("connection to {} closed: {}", peer, failure.getMessage());
        }
    }

    private void notifyObserver(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("peer observer failed on {} for {}", event, peer, e);
        }
    }

    /** The inbound server's and the heartbeat's view of this connection (all on the loop). */
    private final class Host implements InboundServer.Host, Heartbeat.Host, LocalRequests.Host, ClientState.Host,
            Sender.Host {
        @Override
        public CompletableFuture<Void> send(Message message) {
            return sender.send(message, null, null);
        }

        @Override
        public void send(Message message, Pending<?> pending, Runnable written) {
            sender.send(message, pending, written);
        }

        @Override
        public void failRequest(Pending<?> pending, PeerException failure) {
            requests.failIfCurrent(pending, failure);
        }

        @Override
        public void runNow(Runnable task) {
            PeerConnection.this.runNow(task);
        }

        @Override
        public void submit(Pending<?> pending) {
            if (connection.inExecutor()) {
                // A caller on the loop (the peer set's, on an I/O thread): no hand-over task.
                PeerConnection.this.runNow(() -> requests.enqueue(pending));
            } else {
                PeerConnection.this.onLoop(() -> requests.enqueue(pending));
            }
        }

        @Override
        public void abandon(Pending<?> pending) {
            PeerConnection.this.onLoop(() -> requests.abandon(pending));
        }

        @Override
        public void requestMore() {
            PeerConnection.this.requestMore();
        }

        @Override
        public CompletableFuture<Response.Pong> ping(long nonce) {
            Pending<Response.Pong> ping = client.heartbeatPing(nonce);
            requests.enqueue(ping);
            return ping;
        }

        @Override
        public void pingSent() {
            notifyObserver("pingSent", () -> observer.pingSent(info));
        }

        @Override
        public void responded(Duration rtt) {
            notifyObserver("responded", () -> observer.responded(info, rtt));
        }

        @Override
        public void fail(PeerException failure) {
            PeerConnection.this.fail(failure);
        }

        @Override
        public void onLoop(Runnable task) {
            PeerConnection.this.onLoop(task);
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean inLoop() {
            return connection.inExecutor();
        }

        @Override
        public String peer() {
            return connection.remoteAddress().toString();
        }
    }

    /**
     * What the transport calls, on the connection's executor. A separate object, so that the
     * client handed to applications does not expose handler methods.
     */
    private final class Handler implements ConnectionHandler {
        @Override
        public void onMessage(Message message) {
            PeerConnection.this.onMessage(message);
        }

        @Override
        public void onUnknownCommand(String command, int payloadLength) {
            PeerConnection.this.onUnknownCommand(command, payloadLength);
        }

        @Override
        public void onWritabilityChanged(boolean writable) {
            PeerConnection.this.onWritabilityChanged(writable);
        }

        @Override
        public void onClosed(CloseReason reason) {
            PeerConnection.this.onClosed(reason);
        }
    }
}
