package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.WireFormatException;
import java.util.Optional;

/**
 * Why a {@link Connection} closed: handed once to {@link ConnectionHandler#onClosed(CloseReason)}.
 *
 * <p>Immutable.
 */
public final class CloseReason {

    /** Who or what ended the connection. */
    public enum Kind {
        /** This side called {@link Connection#close(String)}. */
        LOCAL,
        /** The remote peer closed the stream (end of input). */
        REMOTE,
        /**
         * The remote peer sent bytes that are not a valid frame or message; the cause is the
         * {@link io.peerset.wire.WireFormatException}.
         */
        DECODE_ERROR,
        /** The operating system reported an error (reset, unreachable, ...); the cause says which. */
        IO_ERROR
    }

    private final Kind kind;
    private final String message;
    private final Throwable cause;

    private CloseReason(Kind kind, String message, Throwable cause) {
        this.kind = requireNonNull(kind, "kind");
        this.message = requireNonNull(message, "message");
        this.cause = cause;
    }

    /**
     * @param reason why this side closes, for logs
     * @return a local close
     */
    public static CloseReason local(String reason) {
        return new CloseReason(Kind.LOCAL, reason, null);
    }

    /** @return the remote side ended the stream */
    public static CloseReason remote() {
        return new CloseReason(Kind.REMOTE, "closed by peer", null);
    }

    /**
     * @param error the codec's error
     * @return a close caused by invalid input
     */
    public static CloseReason decodeError(WireFormatException error) {
        return new CloseReason(Kind.DECODE_ERROR, error.getMessage(), requireNonNull(error, "error"));
    }

    /**
     * @param error the I/O failure
     * @return a close caused by the operating system or the network
     */
    public static CloseReason ioError(Throwable error) {
        requireNonNull(error, "error");
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new CloseReason(Kind.IO_ERROR, message, error);
    }

    /** @return who or what ended the connection */
    public Kind kind() {
        return kind;
    }

    /** @return a one-line description for logs */
    public String message() {
        return message;
    }

    /** @return the failure behind a {@link Kind#DECODE_ERROR} or {@link Kind#IO_ERROR} close */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
