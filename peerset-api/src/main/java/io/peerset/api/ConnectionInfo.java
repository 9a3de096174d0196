package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.PeerAddress;
import io.peerset.wire.VersionMessage;
import java.time.Duration;

/**
 * What a completed handshake established about one connection (reference Appendix B,
 * {@code ConnectionInfo}).
 *
 * @param remoteAddress     the peer's transport address
 * @param localAddress      our side of the stream
 * @param inbound           whether the peer opened the connection
 * @param remoteVersion     the peer's {@code version} message
 * @param negotiatedVersion min(our version, the peer's version)
 * @param handshakeTime     from the start of the handshake (the dial, for outbound connections)
 *                          to the peer's {@code verack}
 */
public record ConnectionInfo(PeerAddress remoteAddress, PeerAddress localAddress, boolean inbound,
                             VersionMessage remoteVersion, long negotiatedVersion, Duration handshakeTime) {

    /** Checks for nulls. */
    public ConnectionInfo {
        requireNonNull(remoteAddress, "remoteAddress");
        requireNonNull(localAddress, "localAddress");
        requireNonNull(remoteVersion, "remoteVersion");
        requireNonNull(handshakeTime, "handshakeTime");
    }

    /** @return the address, redacted for logs at info level and above */
    public String redactedAddress() {
        return remoteAddress.redacted();
    }
}
