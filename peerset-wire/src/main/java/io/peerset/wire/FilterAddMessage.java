package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * {@code filteradd} (BIP-37): adds data to a bloom filter. Parsed and ignored by peerset. The data
 * has no length prefix; at most {@value WireLimits#MAX_FILTERADD_DATA_LENGTH} bytes are read and any
 * rest is ignored, as in the reference.
 *
 * @param data at most {@value WireLimits#MAX_FILTERADD_DATA_LENGTH} bytes
 */
public record FilterAddMessage(Bytes data) implements Message {

    /** The command. */
    public static final String COMMAND = "filteradd";

    /**
     * Checks the length.
     *
     * @throws IllegalArgumentException if {@code data} is too long
     */
    public FilterAddMessage {
        requireNonNull(data, "data");
        if (data.length() > WireLimits.MAX_FILTERADD_DATA_LENGTH) {
            throw new IllegalArgumentException("data: " + data.length() + " bytes (expected: <= "
                    + WireLimits.MAX_FILTERADD_DATA_LENGTH + ")");
        }
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
