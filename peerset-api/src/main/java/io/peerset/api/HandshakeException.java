package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.WireFormatException;
import java.util.Optional;

/**
 * Why a handshake failed (reference section 6.12, handshake errors). The connection is closed in
 * every case.
 *
 * <p>The peer is carried apart from the text ({@link #peer()}, recorded once with {@link #withPeer}):
 * {@link #detail()} says what happened without naming the peer, and {@link #getMessage()} — one line
 * fit for an operator's log — puts the peer in front of it, rendered when the message is read, with
 * {@link PeerAddress#redacted()} ({@code "outbound peer v4redacted:8233: handshake timed out: no
 * verack within PT3S"}). Records that are not logs and keep the address unredacted in a field of
 * their own (the {@code peerset run --events} file) use {@link #detail()}.
 */
public abstract sealed class HandshakeException extends PeerSetException
        permits HandshakeException.UnexpectedMessage, HandshakeException.RemoteNonceReuse, HandshakeException.LocalDuplicateNonce, HandshakeException.ConnectionClosed, HandshakeException.Timeout,
        HandshakeException.Io, HandshakeException.Serialization, HandshakeException.ObsoleteVersion,
        HandshakeException.MissingRequiredServices {
    private static final long serialVersionUID = 1L;

    /** Where in a connection's setup a handshake failed. */
    public enum Step implements Coded {
        /** Opening the stream to the peer (outbound connections only). Code {@code connect}. */
        CONNECT,
        /** Exchanging {@code version} messages: ours sent (or being sent), theirs awaited or checked. Code {@code version}. */
        VERSION,
        /** Waiting for the peer's {@code verack} after the versions were exchanged. Code {@code verack}. */
        VERACK;

        private final String code = Coded.of(this);

        @Override
        public String code() {
            return code;
        }
    }

    /** Set once, before the exception is published (see {@link #atStep}). */
    private Step step;
    /** Set once, before the exception is published (see {@link #withPeer}); not serialised. */
    private transient PeerAddress peer;
    private boolean inbound;

    private HandshakeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Records where the handshake failed. Like {@link Throwable#initCause}, it is called once, by
     * the code that creates the exception, before it is thrown or handed to a future (which
     * publishes it safely to other threads).
     *
     * @param at the step
     * @return this exception
     * @throws IllegalStateException if a different step was recorded already
     */
    public HandshakeException atStep(Step at) {
        requireNonNull(at, "at");
        if (step != null && step != at) {
            throw new IllegalStateException("step already recorded: " + step + " (not " + at + ")");
        }
        step = at;
        return this;
    }

    /** @return where the handshake failed, when the code that failed it recorded it */
    public Optional<Step> step() {
        return Optional.ofNullable(step);
    }

    /**
     * Records the peer whose handshake failed. Like {@link #atStep}, it is called once, by the code
     * that creates the exception, before it is thrown or handed to a future.
     *
     * @param address the peer (for an inbound peer, its connecting address)
     * @param isInbound whether it connected to us
     * @return this exception
     * @throws IllegalStateException if another peer was recorded already
     */
    public HandshakeException withPeer(PeerAddress address, boolean isInbound) {
        requireNonNull(address, "address");
        if (peer != null && (!peer.equals(address) || inbound != isInbound)) {
            throw new IllegalStateException("peer already recorded: " + peer.redacted() + " (not " + address.redacted() + ")");
        }
        peer = address;
        inbound = isInbound;
        return this;
    }

    /** @return the peer whose handshake failed, when the code that failed it recorded it */
    public Optional<PeerAddress> peer() {
        return Optional.ofNullable(peer);
    }

    /** @return what happened, without the peer: the message given to the constructor */
    public String detail() {
        return super.getMessage();
    }

    /**
     * @return {@code "inbound peer ADDRESS: DETAIL"} or {@code "outbound peer ADDRESS: DETAIL"} with
     *         the address {@link PeerAddress#redacted() redacted} (as it is at this call), or the
     *         detail alone when no peer was recorded
     */
    @Override
    public String getMessage() {
        PeerAddress p = peer;
        return p == null ? detail() : (inbound ? "inbound peer " : "outbound peer ") + p.redacted() + ": " + detail();
    }

    /** The peer sent something the handshake cannot accept. */
    public static final class UnexpectedMessage extends HandshakeException {
        private static final long serialVersionUID = 1L;

        /** @param detail what happened, without the peer (see {@link #withPeer}) */
        public UnexpectedMessage(String detail) {
            super("unexpected handshake message: " + requireNonNull(detail, "detail"), null);
        }
    }

    /** The remote nonce is one of ours: we connected to ourselves. */
    public static final class RemoteNonceReuse extends HandshakeException {
        private static final long serialVersionUID = 1L;

        /** @param detail what happened, without the peer (see {@link #withPeer}) */
        public RemoteNonceReuse(String detail) {
            super("rejecting self-connection attempt: " + requireNonNull(detail, "detail"), null);
        }
    }

    /** Our random nonce was already in use; retry. */
    public static final class LocalDuplicateNonce extends HandshakeException {
        private static final long serialVersionUID = 1L;

        /** @param detail what happened, without the peer (see {@link #withPeer}) */
        public LocalDuplicateNonce(String detail) {
            super("local nonce collision: " + requireNonNull(detail, "detail"), null);
        }
    }

    /** The stream ended before the handshake completed. */
    public static final class ConnectionClosed extends HandshakeException {
        private static final long serialVersionUID = 1L;

        /** @param detail what happened, without the peer (see {@link #withPeer}) */
        public ConnectionClosed(String detail) {
            super("peer closed the connection during the handshake: " + requireNonNull(detail, "detail"), null);
        }
    }

    /** The handshake (with the connect, for outbound connections) exceeded its budget. */
    public static final class Timeout extends HandshakeException {
        private static final long serialVersionUID = 1L;

        /** @param detail what happened, without the peer (see {@link #withPeer}) */
        public Timeout(String detail) {
            super("handshake timed out: " + requireNonNull(detail, "detail"), null);
        }
    }

    /** The connection could not be opened or failed with an I/O error. */
    public static final class Io extends HandshakeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param detail what happened, without the peer (see {@link #withPeer})
         * @param cause  the failure
         */
        public Io(String detail, Throwable cause) {
            super(requireNonNull(detail, "detail"), cause);
        }
    }

    /** The peer sent bytes that are not a valid frame or message (wrong network magic, bad checksum, ...). */
    public static final class Serialization extends HandshakeException {
        private static final long serialVersionUID = 1L;

        /** @param cause the codec's error */
        public Serialization(WireFormatException cause) {
            super("invalid message from peer: " + cause.getMessage(), requireNonNull(cause, "cause"));
        }

        /** @return the codec's error */
        public WireFormatException wireError() {
            return (WireFormatException) getCause();
        }
    }

    /** The peer's protocol version is below the minimum for our network and chain height. */
    public static final class ObsoleteVersion extends HandshakeException {
        private static final long serialVersionUID = 1L;
        private final long version;
        private final long minimum;

        /**
         * @param version the peer's version
         * @param minimum the lowest version we accept
         */
        public ObsoleteVersion(long version, long minimum) {
            super("obsolete protocol version " + version + " (expected: >= " + minimum + ")", null);
            this.version = version;
            this.minimum = minimum;
        }

        /** @return the peer's version */
        public long version() {
            return version;
        }

        /** @return the lowest version we accept */
        public long minimum() {
            return minimum;
        }
    }

    /** While we sync, an outbound peer must serve blocks ({@code NODE_NETWORK}); this one does not. */
    public static final class MissingRequiredServices extends HandshakeException {
        private static final long serialVersionUID = 1L;
        private final transient PeerServices services;

        /** @param services what the peer announced */
        public MissingRequiredServices(PeerServices services) {
            super("peer does not serve blocks while we sync: services " + services
                    + " (expected: NODE_NETWORK)", null);
            this.services = services;
        }

        /** @return what the peer announced */
        public PeerServices services() {
            return services;
        }
    }
}
