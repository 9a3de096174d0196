package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.InboundOverloadedException;
import io.peerset.api.InboundService;
import io.peerset.api.PeerClient;
import io.peerset.api.PeerException;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.internal.Futures;
import io.peerset.api.spi.Cancellable;
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
import io.peerset.wire.GetBlocksMessage;
import io.peerset.wire.GetHeadersMessage;
import io.peerset.wire.HeadersMessage;
import io.peerset.wire.InvMessage;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handshaken peer: the connection state machine of reference section 6.6, its heartbeat
 * (section 6.10) and the {@link PeerClient} that callers use.
 *
 * <h2>States</h2>
 * Awaiting a request ({@code current == null}), awaiting a response ({@code current} with its
 * {@link ResponseHandler} and receive timer), failed ({@code shutdown}). Local requests become wire
 * messages and their answers are matched per section 6.7; every other peer message is an inbound
 * request per section 6.8, served by the application's {@link InboundService}, strictly one at a
 * time: while one is served no further message is asked of the transport.
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
 * Every field below the client block is confined to the connection's {@link Connection#executor()}
 * (the "loop"): no locks. Callers' calls, timers and futures completed elsewhere hand their work
 * over with {@code executor().execute}. The client's slot, error and readiness waiters are the only
 * state touched from other threads, through atomics.
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

    private final Connection connection;
    private final ConnectionInfo info;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final ConnectionConfig config;
    private final PeerObserver observer;
    private final Executor loop;
    private final String peer;

    // Client state, shared with callers' threads.
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicReference<PeerException> error = new AtomicReference<>();
    private final Queue<CompletableFuture<Void>> readyWaiters = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<PeerException> closeFuture = new CompletableFuture<>();
    /** Every request not finished yet (caller's and heartbeat's), for failing them off the loop. */
    private final Set<Pending<?>> unfinished = ConcurrentHashMap.newKeySet();
    /** Set once by whoever reports the close: the loop's shutdown, or a rejected hand-over. */
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private volatile Duration lastRtt;

    // Loop-confined state.
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>(CoreConstants.MAX_QUEUED_LOCAL_REQUESTS);
    private final AddressCache addressCache;
    private Pending<?> current;
    private ResponseHandler handler;
    private Cancellable requestTimer;
    private final InboundServer server;
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
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public boolean isReady() {
        return !busy.get() && error.get() == null;
    }

    @Override
    public CompletableFuture<Void> ready() {
        PeerException failed = error.get();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        if (!busy.get()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        readyWaiters.add(waiter);
        if (!busy.get() || error.get() != null) {
            drainReadyWaiters();
        }
        return waiter;
    }

    @Override
    public <R extends Response> CompletableFuture<R> call(Request<R> request) {
        requireNonNull(request, "request");
        PeerException failed = error.get();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("call: a request is already in flight to " + peer
                    + " (expected: one at a time; wait for ready())");
        }
        Pending<R> pending = new Pending<>(request, false);
        unfinished.add(pending);
        pending.result.whenComplete((response, e) -> {
            // Completed by the caller (cancel, or complete): the request is abandoned.
            if (pending.done.compareAndSet(false, true)) {
                unfinished.remove(pending);
                // Hand the drop over before freeing the slot, so the loop sees it before any
                // request a new caller makes with that slot.
                onLoop(() -> abandon(pending));
                releaseSlot();
            }
        });
        onLoop(() -> enqueue(pending));
        return pending.result;
    }

    @Override
    public Optional<PeerException> error() {
        return Optional.ofNullable(error.get());
    }

    @Override
    public CompletableFuture<PeerException> closeFuture() {
        return closeFuture;
    }

    @Override
    public void close() {
        if (error.compareAndSet(null, new PeerException.ClientDropped())) {
            drainReadyWaiters();
        }
        onLoop(this::shutdown);
    }

    /** @return the round-trip time of the last answered ping (heartbeat or caller's), if any */
    public Optional<Duration> lastRtt() {
        return Optional.ofNullable(lastRtt);
    }

    /** @return the transport connection (tests, the peer set's bookkeeping) */
    public Connection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return "PeerConnection[" + peer + (info.inbound() ? ", inbound" : ", outbound") + ", version "
                + info.negotiatedVersion() + (error.get() != null ? ", failed: " + error.get().getMessage() : "") + "]";
    }

    private void releaseSlot() {
        busy.set(false);
        drainReadyWaiters();
    }

    private void drainReadyWaiters() {
        CompletableFuture<Void> waiter;
        while ((waiter = readyWaiters.poll()) != null) {
            PeerException failed = error.get();
            if (failed != null) {
                waiter.completeExceptionally(failed);
            } else {
                waiter.complete(null);
            }
        }
    }

    // ---------------------------------------------------------------- loop: local requests

    private void onLoop(Runnable task) {
        try {
            loop.execute(() -> {
                try (MdcScope ignored = MdcScope.peer(peer)) {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("bug: connection to {} failed unexpectedly", peer, e);
                    fail(new PeerException.ConnectionTaskExited(e));
                }
            });
        } catch (RejectedExecutionException e) {
            loopGone(e);
        }
    }

    /**
     * The executor rejected a hand-over: the transport's event loop is gone, and nothing will run
     * on it again. Fails everything that waits, from the rejected caller's thread, using only the
     * thread-safe state: the stored error, the unfinished requests, the readiness waiters and the
     * close future. Idempotent.
     */
    private void loopGone(RejectedExecutionException cause) {
        if (!error.compareAndSet(null, new PeerException.ConnectionDropped(cause))) {
            LOG.trace("executor of {} rejected a task after the connection failed", peer);
        }
        PeerException failure = error.get();
        for (Pending<?> pending : unfinished) {
            finish(pending, null, failure);
        }
        drainReadyWaiters();
        if (closeReported.get()) {
            return;
        }
        try (MdcScope ignored = MdcScope.peer(peer)) {
            LOG.debug("the executor of {} rejected a task (its event loop is gone): {}", peer, String.valueOf(cause));
            closeTransport(failure);
            reportClose(failure);
        }
    }

    private void enqueue(Pending<?> pending) {
        if (shutdown) {
            finish(pending, null, error.get());
            return;
        }
        if (pending.done.get()) {
            return;
        }
        queue.removeIf(queued -> queued.done.get());
        if (queue.size() >= CoreConstants.MAX_QUEUED_LOCAL_REQUESTS) {
            throw new IllegalStateException("local request queue full: " + queue.size());
        }
        queue.add(pending);
        startNext();
    }

    private void startNext() {
        while (current == null && !shutdown && !queue.isEmpty()) {
            Pending<?> next = queue.poll();
            if (!next.done.get()) {
                dispatch(next);
            }
        }
    }

    /** Sends a request's messages and waits for its answer (reference section 6.7). */
    private void dispatch(Pending<?> pending) {
        Request<?> request = pending.request;
        current = pending;
        if (request instanceof Request.Peers && !addressCache.isEmpty()) {
            // addresses left from an earlier answer (or gossip) are served without asking again (6.7)
            completeCurrent(new Response.Peers(addressCache.take(PeerSetConstants.PEER_ADDR_RESPONSE_LIMIT)), null);
            return;
        }
        MessageMapping.Outgoing out = MessageMapping.toOutgoing(request, info.negotiatedVersion(), addressCache,
                scheduler::nanoTime);
        if (out.handler() == null) {
            sendThenNil(pending, out.message());
        } else {
            await(pending, out.message(), out.handler());
        }
    }

    private void await(Pending<?> pending, Message message, ResponseHandler responseHandler) {
        handler = responseHandler;
        // The receive timer starts once the request is written, as in the reference's code (its
        // table says "from the dequeue"; the difference is the write time). So a peer that stops
        // reading fails the request with the send timeout, which also closes the connection.
        send(message, pending).thenRun(() -> onLoop(() -> {
            if (current == pending && requestTimer == null && !shutdown) {
                requestTimer = scheduler.schedule(config.requestTimeout(), () -> onLoop(() -> onRequestTimeout(pending)));
            }
        }));
    }

    /** Pushes and advertisements are answered with Nil once their message is written. */
    private void sendThenNil(Pending<?> pending, Message message) {
        send(message, pending).thenRun(() -> onLoop(() -> {
            if (current == pending) {
                completeCurrent(new Response.Nil(), null);
            }
        }));
    }

    private void onRequestTimeout(Pending<?> pending) {
        if (current != pending || shutdown) {
            return;
        }
        requestTimer = null;
        if (pending.request instanceof Request.Ping) {
            // A peer that cannot answer a ping is not alive: the whole connection goes.
            fail(new PeerException.ConnectionReceiveTimeout());
            return;
        }
        LOG.debug("{} did not answer {} within {}", connection.remoteAddress(), pending.request.name(), config.requestTimeout());
        completeCurrent(null, new PeerException.ConnectionReceiveTimeout());
    }

    /** The caller cancelled: drop the request; late answers to it will be unsolicited. */
    private void abandon(Pending<?> pending) {
        if (current == pending) {
            LOG.debug("{} request to {} cancelled by its caller", pending.request.name(), connection.remoteAddress());
            clearCurrent();
            startNext();
        } else {
            queue.remove(pending);
        }
    }

    private void completeCurrent(Response response, PeerException failure) {
        Pending<?> done = current;
        clearCurrent();
        if (done.request instanceof Request.Ping && response instanceof Response.Pong pong) {
            lastRtt = pong.rtt();
        }
        finish(done, response, failure);
        startNext();
    }

    private void clearCurrent() {
        current = null;
        handler = null;
        if (requestTimer != null) {
            requestTimer.cancel();
            requestTimer = null;
        }
    }

    private void finish(Pending<?> pending, Response response, PeerException failure) {
        if (!pending.done.compareAndSet(false, true)) {
            return;
        }
        unfinished.remove(pending);
        if (!pending.heartbeat) {
            releaseSlot();
        }
        if (failure != null) {
            pending.result.completeExceptionally(failure);
        } else {
            pending.complete(response);
        }
    }

    // ---------------------------------------------------------------- loop: sending

    /**
     * Writes a message with the send timeout (reference section 6.5): a message still unwritten
     * after the request timeout closes the connection with {@code ConnectionSendTimeout}.
     *
     * @param pending the request the message belongs to, or null for answers to the peer
     */
    private CompletableFuture<Void> send(Message message, Pending<?> pending) {
        CompletableFuture<Void> sent;
        try {
            sent = connection.send(message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        if (!sent.isDone()) {
            CompletableFuture<Void> watched = sent;
            Cancellable timer = scheduler.schedule(config.requestTimeout(), () -> onLoop(() -> {
                if (!watched.isDone()) {
                    LOG.debug("could not send {} to {} within {}", message.command(), connection.remoteAddress(),
                            config.requestTimeout());
                    fail(new PeerException.ConnectionSendTimeout());
                }
            }));
            sent.whenComplete((ok, e) -> timer.cancel());
        }
        sent.whenComplete((ok, e) -> {
            if (e != null) {
                onLoop(() -> onSendFailed(message, pending, Futures.unwrap(e)));
            }
        });
        return sent;
    }

    private void onSendFailed(Message message, Pending<?> pending, Throwable cause) {
        if (shutdown) {
            return;
        }
        if (cause instanceof WireFormatException wire) {
            // The message cannot be encoded; the connection itself is fine.
            LOG.warn("could not encode {} for {}: {}", message.command(), peer, wire.getMessage());
            if (pending != null && current == pending) {
                completeCurrent(null, new PeerException.Serialization(wire));
            }
            return;
        }
        if (connection.isOpen()) {
            fail(new PeerException.ConnectionClosed(cause));
        }
        // Otherwise the transport's close is on its way to onClosed, with the precise reason.
    }

    // ---------------------------------------------------------------- loop: peer messages

    private void onMessage(Message message) {
        demandOutstanding = false;
        if (shutdown) {
            return;
        }
        try (MdcScope ignored = MdcScope.peer(peer)) {
            reportInventory(message);
            reportLocatorVersion(message);
            Message inboundMessage = message;
            if (handler != null) {
                ResponseHandler.Outcome outcome = handler.offer(message);
                if (outcome.consumed()) {
                    if (outcome.finished()) {
                        completeCurrent(outcome.response(), outcome.error());
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
        long version;
        if (message instanceof GetBlocksMessage m) {
            version = m.version();
        } else if (message instanceof GetHeadersMessage m) {
            version = m.version();
        } else {
            return;
        }
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
            server.readAfter(List.of(send(new PongMessage(ping.nonce()), null)));
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
        if (!error.compareAndSet(null, failure)) {
            LOG.trace("later error on {} ignored: {}", peer, failure.getMessage());
        }
        shutdown();
    }

    private void shutdown() {
        if (shutdown) {
            return;
        }
        shutdown = true;
        PeerException failure = error.get();
        heartbeat.stop();
        server.shutdown();
        Pending<?> inFlight = current;
        clearCurrent();
        if (inFlight != null) {
            finish(inFlight, null, failure);
        }
        Pending<?> queued;
        while ((queued = queue.poll()) != null) {
            finish(queued, null, failure);
        }
        drainReadyWaiters();
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
        if (!closeReported.compareAndSet(false, true)) {
            return;
        }
        logClose(failure);
        notifyObserver("failed", () -> observer.failed(info, failure));
        closeFuture.complete(failure);
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
    private final class Host implements InboundServer.Host, Heartbeat.Host {
        @Override
        public CompletableFuture<Void> send(Message message) {
            return PeerConnection.this.send(message, null);
        }

        @Override
        public void requestMore() {
            PeerConnection.this.requestMore();
        }

        @Override
        public CompletableFuture<Response.Pong> ping(long nonce) {
            Pending<Response.Pong> ping = new Pending<>(new Request.Ping(nonce), true);
            unfinished.add(ping);
            enqueue(ping);
            return ping.result;
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

    /** A local request: the caller's, or the heartbeat's ping. */
    private static final class Pending<R extends Response> {
        final Request<R> request;
        final boolean heartbeat;
        final CompletableFuture<R> result = new CompletableFuture<>();
        /** Set once, by whoever completes the request first: the loop, or the caller cancelling. */
        final AtomicBoolean done = new AtomicBoolean();

        Pending(Request<R> request, boolean heartbeat) {
            this.request = request;
            this.heartbeat = heartbeat;
        }

        /** The answer, checked against the request's type (MessageMapping pairs them; a mismatch is our bug). */
        void complete(Response response) {
            if (request.responseType().isInstance(response)) {
                result.complete(request.responseType().cast(response));
            } else {
                result.completeExceptionally(new IllegalStateException("answer to " + request.name() + ": "
                        + response + " (expected: " + request.responseType().getSimpleName() + ")"));
            }
        }
    }
}
