package io.peerset.wire;

import java.util.List;

/**
 * {@code headers}: block headers, each followed on the wire by a transaction count that is read and
 * ignored (written as 0).
 *
 * @param headers at most {@value WireLimits#MAX_HEADERS_IN_MESSAGE}
 */
public record HeadersMessage(List<BlockHeader> headers) implements Message {

    /** The command. */
    public static final String COMMAND = "headers";

    /**
     * Copies the list and checks its size.
     *
     * @throws IllegalArgumentException if there are too many headers
     */
    public HeadersMessage {
        headers = Checks.list("headers", headers, WireLimits.MAX_HEADERS_IN_MESSAGE);
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
