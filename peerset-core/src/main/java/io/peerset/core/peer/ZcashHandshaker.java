package io.peerset.core.peer;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ChainTip;
import io.peerset.api.ConnectionInfo;
import io.peerset.api.HandshakeException;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.spi.Cancellable;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Handshaker;
import io.peerset.api.spi.Scheduler;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkAddress;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.VerackMessage;
import io.peerset.wire.VersionMessage;
import io.peerset.wire.WireFormatException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Zcash version handshake (reference sections 6.1 to 6.3), for inbound, outbound and isolated
 * connections alike.
 *
 * <ol>
 *   <li>Draw a random nonce and add it to the node's shared {@link NonceSet} (a collision fails
 *       with {@link HandshakeException.LocalDuplicateNonce}).</li>
 *   <li>Send our {@code version} at once (fields: section 6.2; the timestamp is rounded down to
 *       {@link PeerSetConstants#VERSION_TIMESTAMP_ROUNDING}).</li>
 *   <li>Skip every message until the remote {@code version}; check it: self-connection (its nonce
 *       is one of ours), minimum version (max of the network's initial minimum and the minimum of
 *       the upgrade active at our tip), and, for outbound connections while we sync, that it serves
 *       blocks ({@code NODE_NETWORK}).</li>
 *   <li>Send {@code verack}; skip every message until the remote {@code verack}.</li>
 *   <li>Switch the codec with {@link Connection#completeHandshake(long)} to
 *       min(our version, theirs) and complete.</li>
 * </ol>
 * Messages are pulled one at a time, and none is left requested on success, so the next handler
 * attached to the connection loses nothing. On any failure the connection is closed.
 *
 * <p>Threading: {@link #handshake} may be called from any thread; the exchange runs on the
 * connection's executor and the future completes there. The nonce set is the only shared state.
 * If the executor rejects a hand-over (its event loop is gone), the future fails at once with
 * {@link HandshakeException.Io}, on the rejected caller's thread.
 */
@SuppressWarnings("try") // MdcScope is a try-with-resources used only for its effect on the MDC
public final class ZcashHandshaker implements Handshaker {

    private static final Logger LOG = LoggerFactory.getLogger(ZcashHandshaker.class);
    private static final long ROUNDING_SECONDS = PeerSetConstants.VERSION_TIMESTAMP_ROUNDING.toSeconds();
    private static final long MAX_U32 = 0xffff_ffffL;

    private final HandshakeConfig config;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final NonceSet nonces;

    /**
     * @param config    what we announce and require
     * @param scheduler the clock (version timestamp, handshake time) and the timer (budget)
     * @param random    the nonce source; made safe for concurrent use (serialised on the generator
     *                  itself, so it may be shared with the connections)
     */
    public ZcashHandshaker(HandshakeConfig config, Scheduler scheduler, RandomGenerator random) {
        this.config = requireNonNull(config, "config");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.random = SafeRandom.of(random);
        this.nonces = new NonceSet(config.nonceSetCapacity());
    }

    /** @return what this handshaker announces and requires */
    public HandshakeConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<ConnectionInfo> handshake(Connection connection, Duration timeout) {
        requireNonNull(connection, "connection");
        requireNonNull(timeout, "timeout");
        Exchange exchange = new Exchange(connection, timeout);
        try {
            connection.executor().execute(exchange::start);
        } catch (RejectedExecutionException e) {
            exchange.loopGone(e);
        }
        return exchange.result;
    }

    /** @return whether {@code nonce} is one of our recent handshake nonces (tests) */
    boolean isOurNonce(long nonce) {
        return nonces.contains(nonce);
    }

    /**
     * Builds our {@code version} message (reference section 6.2).
     *
     * @param remote the peer's transport address
     * @param nonce  this handshake's nonce
     * @return the message
     */
    VersionMessage ourVersion(PeerAddress remote, long nonce) {
        Network network = config.network();
        long seconds = scheduler.instant().getEpochSecond();
        Instant timestamp = Instant.ofEpochSecond(seconds - Math.floorMod(seconds, ROUNDING_SECONDS));
        NetworkAddress receiver;
        NetworkAddress sender;
        if (config.anonymous()) {
            // Isolated connections reveal nothing: both addresses are the unspecified IPv4 address
            // on the network's default port. As in the reference (and so as every Zebra isolated
            // connection looks), the receiver still carries NODE_NETWORK and the sender our own
            // services (none, for isolated connections).
            PeerAddress unspecified = new PeerAddress(unspecifiedIpv4(), network.defaultPort());
            receiver = new NetworkAddress(PeerServices.NETWORK, unspecified);
            sender = new NetworkAddress(config.services(), unspecified);
        } else {
            receiver = new NetworkAddress(PeerServices.NETWORK, remote);
            sender = new NetworkAddress(config.services(), config.externalAddress().orElse(config.listenAddress()));
        }
        long startHeight = Math.min(MAX_U32, Math.max(0, config.chainTip().bestHeight().orElse(0)));
        return new VersionMessage(network.protocolVersion(), config.services(), timestamp, receiver, sender,
                nonce, config.userAgent(), startHeight, config.relay());
    }

    /** @return the lowest remote version accepted now (reference section 5.5) */
    long minimumPeerVersion() {
        return config.upgrades().minimumAt(config.chainTip().activeUpgrade());
    }

    private static InetAddress unspecifiedIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private enum Phase { AWAITING_VERSION, AWAITING_VERACK, DONE }

    /** One handshake; every method runs on the connection's executor. */
    private final class Exchange implements ConnectionHandler {
        private final Connection connection;
        private final Duration timeout;
        private final CompletableFuture<ConnectionInfo> result = new CompletableFuture<>();
        private final String peer;
        private Phase phase = Phase.AWAITING_VERSION;
        private Cancellable timer;
        private long startNanos;
        private VersionMessage remoteVersion;
        private long negotiated;

        Exchange(Connection connection, Duration timeout) {
            this.connection = connection;
            this.timeout = timeout;
            this.peer = connection.remoteAddress().redacted();
        }

        void start() {
            try (MdcScope ignored = MdcScope.peer(peer)) {
                startNanos = scheduler.nanoTime();
                connection.attach(this);
                if (phase == Phase.DONE) {
                    return; // already closed: onClosed ran from attach
                }
                if (timeout.isNegative() || timeout.isZero()) {
                    fail(new HandshakeException.Timeout("no time left in the budget"));
                    return;
                }
                timer = scheduler.schedule(timeout, this::timeoutFromTimer);
                long nonce = random.nextLong();
                if (!nonces.add(nonce)) {
                    fail(new HandshakeException.LocalDuplicateNonce("nonce already in use, retry"));
                    return;
                }
                VersionMessage ours = ourVersion(connection.remoteAddress(), nonce);
                LOG.debug("sending version to {}: {}", connection.remoteAddress(), ours);
                send(ours);
                connection.request(1);
            } catch (RuntimeException e) {
                fail(new HandshakeException.Io(String.valueOf(e), e));
            }
        }

        /** On the timer's thread: hands the timeout over to the executor. */
        private void timeoutFromTimer() {
            try {
                connection.executor().execute(this::onTimeout);
            } catch (RejectedExecutionException e) {
                loopGone(e);
            }
        }

        private void send(Message message) {
            connection.send(message).whenComplete((ok, error) -> {
                if (error != null) {
                    try {
                        connection.executor().execute(() -> onSendFailed(message, error));
                    } catch (RejectedExecutionException e) {
                        loopGone(e);
                    }
                }
            });
        }

        /**
         * The executor rejected a hand-over: its event loop is gone and the exchange can never go
         * on. Fails the handshake from the rejected caller's thread (the result is the only state
         * touched; it completes once).
         */
        private void loopGone(RejectedExecutionException e) {
            HandshakeException error = new HandshakeException.Io("the connection's executor is gone", e)
                    .withPeer(connection.remoteAddress(), connection.isInbound());
            if (result.completeExceptionally(error)) {
                LOG.debug("handshake with {} failed: {}", connection.remoteAddress(), error.getMessage());
                try {
                    connection.close("handshake failed: " + error.getMessage());
                } catch (RuntimeException closeFailed) {
                    LOG.trace("could not close {}: {}", peer, String.valueOf(closeFailed));
                }
            }
        }

        private void onSendFailed(Message message, Throwable error) {
            if (phase == Phase.DONE) {
                return;
            }
            try (MdcScope ignored = MdcScope.peer(peer)) {
                if (!connection.isOpen()) {
                    return; // onClosed reports the precise reason
                }
                fail(new HandshakeException.Io("could not send " + message.command() + ": " + error.getMessage(),
                        error));
            }
        }

        @Override
        public void onMessage(Message message) {
            if (phase == Phase.DONE) {
                return;
            }
            try (MdcScope ignored = MdcScope.peer(peer)) {
                if (phase == Phase.AWAITING_VERSION) {
                    if (message instanceof VersionMessage version) {
                        onVersion(version);
                    } else {
                        LOG.debug("skipping {} before the remote version", message.command());
                        connection.request(1);
                    }
                } else if (message instanceof VerackMessage) {
                    succeed();
                } else {
                    LOG.debug("skipping {} before the remote verack", message.command());
                    connection.request(1);
                }
            } catch (RuntimeException e) {
                fail(new HandshakeException.Io(String.valueOf(e), e));
            }
        }

        private void onVersion(VersionMessage version) {
            if (nonces.contains(version.nonce())) {
                fail(new HandshakeException.RemoteNonceReuse("the remote nonce is one of ours"));
                return;
            }
            long minimum = minimumPeerVersion();
            if (version.version() < minimum) {
                fail(new HandshakeException.ObsoleteVersion(version.version(), minimum));
                return;
            }
            if (!connection.isInbound() && config.requireServicesWhileSyncing() && config.chainTip().isSyncing()
                    && !version.services().has(PeerServices.NODE_NETWORK)) {
                fail(new HandshakeException.MissingRequiredServices(version.services()));
                return;
            }
            if (!version.services().equals(version.sender().services())) {
                LOG.debug("{} announces services {} but its address carries {}", connection.remoteAddress(),
                        version.services(), version.sender().services());
            }
            remoteVersion = version;
            negotiated = Math.min(config.network().protocolVersion(), version.version());
            phase = Phase.AWAITING_VERACK;
            send(new VerackMessage());
            connection.request(1);
        }

        private void succeed() {
            phase = Phase.DONE;
            cancelTimer();
            connection.completeHandshake(negotiated);
            Duration took = Duration.ofNanos(scheduler.nanoTime() - startNanos);
            ConnectionInfo info = new ConnectionInfo(connection.remoteAddress(), connection.localAddress(),
                    connection.isInbound(), remoteVersion, negotiated, took);
            LOG.debug("handshake with {} done in {}: version {}, negotiated {}, services {}, user agent {}",
                    connection.remoteAddress(), took, remoteVersion.version(), negotiated,
                    remoteVersion.services(), remoteVersion.userAgent());
            result.complete(info);
        }

        private void onTimeout() {
            if (phase == Phase.DONE) {
                return;
            }
            try (MdcScope ignored = MdcScope.peer(peer)) {
                fail(new HandshakeException.Timeout("no "
                        + (phase == Phase.AWAITING_VERSION ? "version" : "verack") + " within " + timeout));
            }
        }

        @Override
        public void onClosed(CloseReason reason) {
            if (phase == Phase.DONE) {
                return;
            }
            try (MdcScope ignored = MdcScope.peer(peer)) {
                HandshakeException error;
                if (reason.kind() == CloseReason.Kind.DECODE_ERROR
                        && reason.cause().orElse(null) instanceof WireFormatException wire) {
                    error = new HandshakeException.Serialization(wire);
                } else if (reason.kind() == CloseReason.Kind.IO_ERROR && reason.cause().isPresent()) {
                    error = new HandshakeException.Io(reason.message(), reason.cause().get());
                } else {
                    error = new HandshakeException.ConnectionClosed(reason.toString());
                }
                fail(error);
            }
        }

        private void fail(HandshakeException error) {
            if (phase == Phase.DONE) {
                return;
            }
            error.atStep(phase == Phase.AWAITING_VERSION ? HandshakeException.Step.VERSION : HandshakeException.Step.VERACK)
                    .withPeer(connection.remoteAddress(), connection.isInbound());
            phase = Phase.DONE;
            cancelTimer();
            LOG.debug("handshake with {} failed: {}", connection.remoteAddress(), error.getMessage());
            connection.close("handshake failed: " + error.getMessage());
            result.completeExceptionally(error);
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }

    }
}
