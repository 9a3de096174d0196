package io.peerset.wire;

import java.util.List;

/**
 * {@code addr}: gossiped addresses (v1 format, the only one peerset sends).
 *
 * @param entries at most {@value WireLimits#MAX_ADDRS_IN_MESSAGE}
 */
public record AddrMessage(List<AddressEntry> entries) implements Message {

    /** The command. */
    public static final String COMMAND = "addr";

    /**
     * Copies the list and checks its size.
     *
     * @throws IllegalArgumentException if there are too many entries
     */
    public AddrMessage {
        entries = Checks.list("entries", entries, WireLimits.MAX_ADDRS_IN_MESSAGE);
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
