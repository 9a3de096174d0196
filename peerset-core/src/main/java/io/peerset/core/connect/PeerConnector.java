package io.peerset.core.connect;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectFailedException;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.HandshakeException;
import io.peerset.api.InboundService;
import io.peerset.api.PeerClient;
import io.peerset.api.internal.Futures;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.Handshaker;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.PeerObserver;
import io.peerset.core.peer.PeerConnection;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns transport connections into handshaken peers: one per node, shared by the dialer and the
 * listener. {@link #connect(PeerAddress)} dials and handshakes; {@link #accept(Connection)}
 * handshakes a connection a peer opened. Either way the result is a {@link PeerClient} whose
 * connection state machine, timeouts and heartbeat run from then on (reference sections 6.4 to
 * 6.10), reporting liveness to the {@link PeerObserver}.
 *
 * <h2>The outbound budget (reference Appendix A.1)</h2>
 * The reference documents 3 s for the TCP connect plus 3 s for the handshake, but its outer
 * timeout wraps both, so the effective budget is 3 s in total. peerset makes that effective
 * behaviour the rule: {@link ConnectionConfig#handshakeTimeout()} covers the connect and the
 * handshake together, and the handshake gets what the connect left of it. A slow peer costs a dial
 * slot for at most 3 s.
 *
 * <h2>Errors</h2>
 * The futures fail with a {@link HandshakeException}, which names its {@link HandshakeException#step()}
 * when it is known ({@code CONNECT} for a failed or too slow dial, {@code VERSION} or {@code VERACK}
 * from the Zcash handshaker; not for another handshaker's own errors or a lost event loop):
 * {@code Timeout} when the budget runs out,
 * {@code Io} when the connect fails, or the handshake's own error. The connection is closed in
 * every case. Cancelling a returned future closes the connection once it exists. If the
 * connection's executor rejects the hand-over to the connection state machine (the transport's
 * event loops are gone), the future fails with {@code Io}.
 *
 * <p>Thread-safe; the futures complete on the connection's executor (or on the scheduler's thread
 * when the connect itself times out, or on the rejected thread when the executor is gone).
 */
public final class PeerConnector {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnector.class);

    private final Transport transport;
    private final Handshaker handshaker;
    private final InboundService inboundService;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final ConnectionConfig config;
    private final PeerObserver observer;
    private final boolean seedAddressCache;

    PeerConnector(Transport transport, Handshaker handshaker, InboundService inboundService, Scheduler scheduler,
                  RandomGenerator random, ConnectionConfig config, PeerObserver observer, boolean seedAddressCache) {
        this.transport = requireNonNull(transport, "transport");
        this.handshaker = requireNonNull(handshaker, "handshaker");
        this.inboundService = requireNonNull(inboundService, "inboundService");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.random = requireNonNull(random, "random");
        this.config = requireNonNull(config, "config");
        this.observer = requireNonNull(observer, "observer");
        this.seedAddressCache = seedAddressCache;
    }

    /** @return a builder; transport, handshaker, inbound service, scheduler and random are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the timeouts every connection uses */
    public ConnectionConfig config() {
        return config;
    }

    /**
     * Dials {@code address} and runs the handshake, both within one
     * {@link ConnectionConfig#handshakeTimeout()}.
     *
     * @param address the peer
     * @return the client; exceptionally with a {@link HandshakeException}
     */
    public CompletableFuture<PeerClient> connect(PeerAddress address) {
        requireNonNull(address, "address");
        long startNanos = scheduler.nanoTime();
        Duration budget = config.handshakeTimeout();
        CompletableFuture<PeerClient> result = new CompletableFuture<>();
        CompletableFuture<Connection> dial;
        try {
            dial = requireNonNull(transport.connect(address, budget), "transport.connect returned null");
        } catch (RuntimeException e) {
            dial = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Connection> dialing = dial;
        Cancellable connectTimer = scheduler.schedule(budget, () -> {
            if (!dialing.isDone()) {
                result.completeExceptionally(new HandshakeException.Timeout("could not connect within " + budget)
                        .atStep(HandshakeException.Step.CONNECT).withPeer(address, false));
            }
        });
        dial.whenComplete((connection, failure) -> {
            connectTimer.cancel();
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                boolean late = scheduler.nanoTime() - startNanos >= budget.toNanos();
                result.completeExceptionally((late
                        ? new HandshakeException.Timeout("could not connect within " + budget)
                        : new HandshakeException.Io("could not connect: "
                                + (cause instanceof ConnectFailedException c ? c.detail() : cause.getMessage()), cause))
                        .atStep(HandshakeException.Step.CONNECT).withPeer(address, false));
                return;
            }
            if (result.isDone()) {
                closeQuietly(connection, "connected after the handshake budget ran out, or the caller gave up");
                return;
            }
            Duration left = budget.minusNanos(scheduler.nanoTime() - startNanos);
            if (left.isNegative() || left.isZero()) {
                // the dial used the whole budget: a connect timeout, whatever the handshaker would say
                closeQuietly(connection, "connected after the handshake budget ran out");
                result.completeExceptionally(new HandshakeException.Timeout("could not connect within " + budget)
                        .atStep(HandshakeException.Step.CONNECT).withPeer(address, false));
                return;
            }
            handshake(connection, left, startNanos, result);
        });
        return result;
    }

    /**
     * Runs the handshake on a connection a peer opened, within
     * {@link ConnectionConfig#handshakeTimeout()}.
     *
     * @param inbound an accepted connection, no handler attached
     * @return the client; exceptionally with a {@link HandshakeException}
     */
    public CompletableFuture<PeerClient> accept(Connection inbound) {
        requireNonNull(inbound, "inbound");
        CompletableFuture<PeerClient> result = new CompletableFuture<>();
        handshake(inbound, config.handshakeTimeout(), scheduler.nanoTime(), result);
        return result;
    }

    private void handshake(Connection connection, Duration timeout, long startNanos, CompletableFuture<PeerClient> result) {
        result.whenComplete((client, e) -> {
            if (result.isCancelled()) {
                closeQuietly(connection, "the caller cancelled the handshake");
            }
        });
        CompletableFuture<ConnectionInfo> handshake;
        try {
            handshake = requireNonNull(handshaker.handshake(connection, timeout), "handshaker returned null");
        } catch (RuntimeException e) {
            handshake = CompletableFuture.failedFuture(e);
        }
        handshake.whenComplete((info, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                if (!(cause instanceof HandshakeException)) {
                    // The Zcash handshaker logs its own failures; another one may not.
                    LOG.debug("handshake with {} failed: {}", connection.remoteAddress(), String.valueOf(cause));
                }
                closeQuietly(connection, "handshake failed");
                HandshakeException error = cause instanceof HandshakeException h ? h
                        : new HandshakeException.Io("handshake failed: " + cause.getMessage(), cause);
                if (error.peer().isEmpty()) { // another handshaker may not name it
                    error.withPeer(connection.remoteAddress(), connection.isInbound());
                }
                result.completeExceptionally(error);
                return;
            }
            // Attach the state machine on the connection's executor; the handshake left no demand
            // outstanding, so no message is lost in the hand-over.
            try {
                connection.executor().execute(() -> {
                    if (result.isDone()) {
                        closeQuietly(connection, "the caller cancelled the handshake");
                        return;
                    }
                    ConnectionInfo measured = new ConnectionInfo(info.remoteAddress(), info.localAddress(), info.inbound(),
                            info.remoteVersion(), info.negotiatedVersion(),
                            Duration.ofNanos(scheduler.nanoTime() - startNanos));
                    PeerConnection client = PeerConnection.start(connection, measured, inboundService, scheduler, random,
                            config, observer, seedAddressCache);
                    if (!result.complete(client)) {
                        client.close();
                    }
                });
            } catch (RejectedExecutionException e) {
                // The transport's event loop is gone: the connection can never be served.
                closeQuietly(connection, "the connection's executor is gone");
                result.completeExceptionally(new HandshakeException.Io("the connection's executor is gone", e)
                        .withPeer(connection.remoteAddress(), connection.isInbound()));
            }
        });
    }

    /** Closes, ignoring a transport that refuses even that (its event loops are gone). */
    private static void closeQuietly(Connection connection, String reason) {
        try {
            connection.close(reason);
        } catch (RuntimeException e) {
            LOG.trace("could not close {}: {}", connection.remoteAddress().redacted(), String.valueOf(e));
        }
    }

    /** Builds a {@link PeerConnector}. Not thread-safe. */
    public static final class Builder {
        private Transport transport;
        private Handshaker handshaker;
        private InboundService inboundService;
        private Scheduler scheduler;
        private RandomGenerator random;
        private ConnectionConfig config = ConnectionConfig.defaults();
        private PeerObserver observer = PeerObserver.NONE;

        private Builder() {
        }

        /**
         * @param transport dials outbound connections; required
         * @return this
         */
        public Builder transport(Transport transport) {
            this.transport = requireNonNull(transport, "transport");
            return this;
        }

        /**
         * @param handshaker shared by every connection of the node (one nonce set); required
         * @return this
         */
        public Builder handshaker(Handshaker handshaker) {
            this.handshaker = requireNonNull(handshaker, "handshaker");
            return this;
        }

        /**
         * @param service answers remote peers' requests; required ({@link InboundService#nil()} answers nothing)
         * @return this
         */
        public Builder inboundService(InboundService service) {
            this.inboundService = requireNonNull(service, "service");
            return this;
        }

        /**
         * @param scheduler every timer and clock reading; required
         * @return this
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * @param random ping nonces, address choice and overload drops; required. Shared by every
         *               connection; any generator works, even one that is not thread-safe such as
         *               {@link java.util.SplittableRandom}: every draw is serialised on the generator
         *               itself, also against the Zcash handshaker's draws when it was given the same
         *               generator (other code drawing from it should hold its lock too).
         *               Production passes a {@link java.security.SecureRandom}
         * @return this
         */
        public Builder random(RandomGenerator random) {
            this.random = requireNonNull(random, "random");
            return this;
        }

        /**
         * @param config default {@link ConnectionConfig#defaults()}
         * @return this
         */
        public Builder config(ConnectionConfig config) {
            this.config = requireNonNull(config, "config");
            return this;
        }

        /**
         * @param observer default {@link PeerObserver#NONE}; the address book in a node
         * @return this
         */
        public Builder observer(PeerObserver observer) {
            this.observer = requireNonNull(observer, "observer");
            return this;
        }

        /**
         * @return the connector
         * @throws IllegalStateException if a required part is missing
         */
        public PeerConnector build() {
            require("transport", transport);
            require("handshaker", handshaker);
            require("inboundService", inboundService);
            require("scheduler", scheduler);
            require("random", random);
            return new PeerConnector(transport, handshaker, inboundService, scheduler, random, config, observer, true);
        }

        private static void require(String name, Object value) {
            if (value == null) {
                throw new IllegalStateException(name + ": not set (expected: a value; it has no default)");
            }
        }
    }
}
