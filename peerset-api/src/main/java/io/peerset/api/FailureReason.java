package io.peerset.api;

/**
 * Why a dial, a handshake or a connection to a peer failed, as a closed set of reasons: the
 * {@link NodeEvent.HandshakeFailed} reason, the {@code error} of a {@code peerset crawl} record and
 * of {@code peerset ping}, and the {@code reason} tag of {@code peerset_handshake_failures_total}.
 * {@code io.peerset.core.common.PeerFailures} derives it from the failure's type (and, for a dial, the
 * transport's {@link ConnectFailedException#reason()}), never from message text.
 *
 * <p>Immutable and thread-safe.
 */
public enum FailureReason implements Coded {
    /** The connect, the handshake or an answer took longer than allowed. */
    TIMEOUT,
    /** Nothing listens at the address (the peer's host refused the connection). */
    REFUSED,
    /** No route to the address's host or network. */
    UNREACHABLE,
    /** The peer's protocol version is below the minimum we accept. */
    OBSOLETE_VERSION,
    /** The remote nonce is one of ours: we connected to ourselves. */
    SELF_CONNECTION,
    /** The peer's frames carry another network's magic bytes. */
    WRONG_MAGIC,
    /** The peer sent bytes that are not a valid message, or a message out of place. */
    PROTOCOL_ERROR,
    /** The peer closed the connection (or the operating system reported it gone). */
    CLOSED,
    /** Anything else (the message says what). */
    ERROR;

    private final String code = Coded.of(this);

    @Override
    public String code() {
        return code;
    }
}
