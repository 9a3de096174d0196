package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * {@code version}: the first message of the handshake (reference section 6.2).
 *
 * <p>The relay byte is optional on the wire: when absent it decodes as {@code true}.
 *
 * @param version     protocol version, u32
 * @param services    the sender's services
 * @param timestamp   the sender's clock, whole seconds (i64 on the wire)
 * @param receiver    the receiver's address as the sender sees it
 * @param sender      the sender's own address
 * @param nonce       random per handshake, detects self-connections
 * @param userAgent   at most {@value WireLimits#MAX_USER_AGENT_LENGTH} UTF-8 bytes
 * @param startHeight the sender's best height, u32
 * @param relay       whether the sender wants transaction inventory relayed
 */
public record VersionMessage(long version, PeerServices services, Instant timestamp,
                             NetworkAddress receiver, NetworkAddress sender, long nonce,
                             String userAgent, long startHeight, boolean relay) implements Message {

    /** The command. */
    public static final String COMMAND = "version";

    /**
     * Validates ranges; drops sub-second parts of the timestamp.
     *
     * @throws IllegalArgumentException if a value does not fit its wire field
     */
    public VersionMessage {
        requireNonNull(services, "services");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(receiver, "receiver");
        requireNonNull(sender, "sender");
        requireNonNull(userAgent, "userAgent");
        Checks.u32("version", version);
        Checks.u32("startHeight", startHeight);
        timestamp = Instant.ofEpochSecond(timestamp.getEpochSecond());
        Checks.string("userAgent", userAgent, WireLimits.MAX_USER_AGENT_LENGTH);
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
