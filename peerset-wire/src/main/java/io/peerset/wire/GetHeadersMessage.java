package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code getheaders}: asks for the headers of the blocks after the locator (answered with {@code headers}).
 *
 * <p>The version field must equal the connection's negotiated version; {@link FrameCodec} checks
 * it both ways once a negotiated version is set.
 *
 * @param version protocol version, u32
 * @param locator known block hashes, newest first, at most {@value WireLimits#MAX_LOCATOR_HASHES}
 * @param stop    the last hash wanted, or {@link Hash32#ZERO} for "as many as allowed"
 */
public record GetHeadersMessage(long version, List<Hash32> locator, Hash32 stop) implements Message, LocatorMessage {

    /** The command. */
    public static final String COMMAND = "getheaders";

    /**
     * Copies the locator and checks limits.
     *
     * @throws IllegalArgumentException if a value does not fit its wire field
     */
    public GetHeadersMessage {
        Checks.u32("version", version);
        locator = Checks.list("locator", locator, WireLimits.MAX_LOCATOR_HASHES);
        requireNonNull(stop, "stop");
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
