package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code getblocks}: asks for the hashes of the blocks after the locator (answered with {@code inv}).
 *
 * <p>The version field must equal the connection's negotiated version; {@link FrameCodec} checks
 * it both ways once a negotiated version is set.
 *
 * @param version protocol version, u32
 * @param locator known block hashes, newest first, at most {@value WireLimits#MAX_LOCATOR_HASHES}
 * @param stop    the last hash wanted, or {@link Hash32#ZERO} for "as many as allowed"
 */
public record GetBlocksMessage(long version, List<Hash32> locator, Hash32 stop) implements Message, LocatorMessage {

    /** The command. */
    public static final String COMMAND = "getblocks";

    /**
     * Copies the locator and checks limits.
     *
     * @throws IllegalArgumentException if a value does not fit its wire field
     */
    public GetBlocksMessage {
        Checks.u32("version", version);
        locator = Checks.list("locator", locator, WireLimits.MAX_LOCATOR_HASHES);
        requireNonNull(stop, "stop");
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
