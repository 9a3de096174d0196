package io.peerset.core.common;

import io.peerset.api.ConnectFailedException;
import io.peerset.api.FailureReason;
import io.peerset.api.HandshakeException;
import io.peerset.api.NodeEvent;
import io.peerset.api.PeerException;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.internal.Futures;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.WireFormatException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Names why a connection to a peer failed with a {@link FailureReason} (its {@link FailureReason#code()
 * code} for records, events and metric tags: a closed set, never an address or a free-form message),
 * decided by the failure's type, never by its message text.
 *
 * <p>Stateless and thread-safe.
 */
public final class PeerFailures {

    private PeerFailures() {
    }

    /**
     * Classifies a failure by its type (and, for a dial, the transport's
     * {@link ConnectFailedException#reason()}; for a codec error, the field that broke), never by the
     * words of its message: messages are for people and change.
     *
     * @param error why a dial, handshake or request failed (completion wrappers are unwrapped)
     * @return the reason: {@link FailureReason#ERROR} for a failure no type names
     */
    public static FailureReason reason(Throwable error) {
        Throwable e = Futures.unwrap(error);
        if (e instanceof ConnectFailedException c) {
            return c.reason();
        }
        if (e instanceof HandshakeException h) {
            return handshake(h);
        }
        if (e instanceof PeerException p) {
            return connection(p);
        }
        if (e instanceof TimeoutException) {
            return FailureReason.TIMEOUT; // a caller's own bound on an answer (the census, ping)
        }
        return FailureReason.ERROR;
    }

    private static FailureReason handshake(HandshakeException e) {
        if (e instanceof HandshakeException.Timeout) {
            return FailureReason.TIMEOUT;
        } else if (e instanceof HandshakeException.ObsoleteVersion) {
            return FailureReason.OBSOLETE_VERSION;
        } else if (e instanceof HandshakeException.RemoteNonceReuse) {
            return FailureReason.SELF_CONNECTION;
        } else if (e instanceof HandshakeException.Serialization s) {
            return wire(s.wireError());
        } else if (e instanceof HandshakeException.UnexpectedMessage) {
            return FailureReason.PROTOCOL_ERROR;
        } else if (e instanceof HandshakeException.ConnectionClosed) {
            return FailureReason.CLOSED;
        } else if (e instanceof HandshakeException.Io) {
            if (e.getCause() instanceof ConnectFailedException c) {
                return c.reason(); // the dial failed: the transport said why
            }
            if (e.getCause() instanceof IOException) {
                return FailureReason.CLOSED; // the stream failed (CloseReason IO_ERROR), as for an open connection
            }
        }
        return FailureReason.ERROR; // LocalDuplicateNonce, MissingRequiredServices, an internal error
    }

    private static FailureReason connection(PeerException e) {
        if (e instanceof PeerException.ConnectionReceiveTimeout || e instanceof PeerException.ConnectionSendTimeout) {
            return FailureReason.TIMEOUT;
        } else if (e instanceof PeerException.Serialization s) {
            return wire(s.wireError());
        } else if (e instanceof PeerException.DuplicateHandshake) {
            return FailureReason.PROTOCOL_ERROR;
        } else if (e instanceof PeerException.ConnectionClosed) {
            return FailureReason.CLOSED;
        }
        return FailureReason.ERROR;
    }

    /** A frame with another network's magic is a peer of another network, not a broken one. */
    private static FailureReason wire(WireFormatException e) {
        return "frame".equals(e.command()) && "magic".equals(e.field()) ? FailureReason.WRONG_MAGIC
                : FailureReason.PROTOCOL_ERROR;
    }

    /**
     * @param error why a dial, handshake or request failed (completion wrappers are unwrapped)
     * @return {@link #reason}'s {@link FailureReason#code() code}: {@code timeout},
     *         {@code obsolete-version}, {@code self-connection}, {@code wrong-magic},
     *         {@code protocol-error}, {@code closed}, {@code refused}, {@code unreachable} or {@code error}
     */
    public static String code(Throwable error) {
        return reason(error).code();
    }

    /**
     * Why the peer set removes a peer whose connection ended: {@link PeerSetEvent.RemovalReason#PROTOCOL_ERROR}
     * when the peer broke the protocol ({@link FailureReason#PROTOCOL_ERROR} or
     * {@link FailureReason#WRONG_MAGIC}: the codec refused its bytes, or it repeated the handshake),
     * {@link PeerSetEvent.RemovalReason#FAILED} for every other end (a connection that recorded no
     * error is {@code FAILED} too).
     *
     * @param error the connection's error
     * @return the removal reason
     */
    public static PeerSetEvent.RemovalReason removalReason(PeerException error) {
        FailureReason r = reason(error);
        return r == FailureReason.PROTOCOL_ERROR || r == FailureReason.WRONG_MAGIC
                ? PeerSetEvent.RemovalReason.PROTOCOL_ERROR : PeerSetEvent.RemovalReason.FAILED;
    }

    /**
     * @param error why a dial or handshake failed (completion wrappers are unwrapped)
     * @return the step a {@link HandshakeException} recorded, empty for any other error
     */
    public static Optional<HandshakeException.Step> step(Throwable error) {
        return Futures.unwrap(error) instanceof HandshakeException h ? h.step() : Optional.empty();
    }

    /**
     * Builds the node event for a failed dial or handshake. Its message does not name the peer: the
     * event carries the address (unredacted) and the direction in fields of their own, so a record
     * of it (the {@code --events} file) never shows the redacted form meant for logs
     * ({@link HandshakeException#detail()}).
     *
     * @param address the peer
     * @param inbound whether it connected to us
     * @param error   the failure
     * @return the event, with the failure's step, reason and message
     */
    public static NodeEvent.HandshakeFailed event(PeerAddress address, boolean inbound,
                                                                  Throwable error) {
        Throwable e = Futures.unwrap(error);
        String message = e instanceof HandshakeException h ? h.detail() : String.valueOf(e.getMessage());
        return new NodeEvent.HandshakeFailed(address, inbound, step(e), reason(e), message);
    }

}
