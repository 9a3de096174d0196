package io.peerset.core;

import io.peerset.api.FailureReason;
import io.peerset.api.HandshakeException;
import io.peerset.api.PeerException;
import io.peerset.api.wire.WireFormatException;
import java.util.concurrent.TimeoutException;

/**
 * Names why a connection to a peer failed with a short, stable code, for records, events and metric
 * tags (a closed set: never an address or a free-form message).
 *
 * <p>Stateless and thread-safe.
 */
public final class PeerFailures {

    private PeerFailures() {
    }

    /**
     * @param error why a dial, handshake or request failed (completion wrappers are unwrapped)
     * @return the reason
     */
    public static FailureReason reason(Throwable error) {
        Throwable e = unwrap(error);
        String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof HandshakeException.Timeout || e instanceof TimeoutException || text.contains("timed out")) {
            return FailureReason.TIMEOUT;
        }
        if (e instanceof HandshakeException.ObsoleteVersion) {
            return FailureReason.OBSOLETE_VERSION;
        }
        if (e instanceof HandshakeException.RemoteNonceReuse) {
            return FailureReason.SELF_CONNECTION;
        }
        WireFormatException wire = e instanceof HandshakeException.Serialization s ? s.wireError()
                : e.getCause() instanceof WireFormatException w ? w : null;
        if (wire != null) {
            return "magic".equals(wire.field()) ? FailureReason.WRONG_MAGIC : FailureReason.PROTOCOL_ERROR;
        }
        if (e instanceof HandshakeException.ConnectionClosed || e instanceof PeerException.ConnectionClosed) {
            return FailureReason.CLOSED;
        }
        if (text.contains("refused")) {
            return FailureReason.REFUSED;
        }
        if (text.contains("unreachable") || text.contains("no route")) {
            return FailureReason.UNREACHABLE;
        }
        return FailureReason.ERROR;
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
     * @param error why a dial or handshake failed (completion wrappers are unwrapped)
     * @return the step a {@link HandshakeException} recorded, empty for any other error
     */
    public static java.util.Optional<HandshakeException.Step> step(Throwable error) {
        return unwrap(error) instanceof HandshakeException h ? h.step() : java.util.Optional.empty();
    }

    /**
     * Builds the node event for a failed dial or handshake.
     *
     * @param address the peer
     * @param inbound whether it connected to us
     * @param error   the failure
     * @return the event, with the failure's step, reason code and message
     */
    public static io.peerset.api.NodeEvent.HandshakeFailed event(io.peerset.api.PeerAddress address, boolean inbound,
                                                                  Throwable error) {
        Throwable e = unwrap(error);
        return new io.peerset.api.NodeEvent.HandshakeFailed(address, inbound, step(e), reason(e), String.valueOf(e.getMessage()));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

}
