package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * {@code filterload} (BIP-37): installs a bloom filter. Parsed and ignored by peerset. The filter
 * has no length prefix: it is the payload minus the 9 trailing bytes.
 *
 * @param filter         at most {@value WireLimits#MAX_FILTERLOAD_FILTER_LENGTH} bytes
 * @param hashFunctions  u32
 * @param tweak          u32
 * @param flags          u8
 */
public record FilterLoadMessage(Bytes filter, long hashFunctions, long tweak, int flags) implements Message {

    /** The command. */
    public static final String COMMAND = "filterload";

    /**
     * Checks limits.
     *
     * @throws IllegalArgumentException if a value does not fit its wire field
     */
    public FilterLoadMessage {
        requireNonNull(filter, "filter");
        if (filter.length() > WireLimits.MAX_FILTERLOAD_FILTER_LENGTH) {
            throw new IllegalArgumentException("filter: " + filter.length() + " bytes (expected: <= "
                    + WireLimits.MAX_FILTERLOAD_FILTER_LENGTH + ")");
        }
        Checks.u32("hashFunctions", hashFunctions);
        Checks.u32("tweak", tweak);
        if (flags < 0 || flags > 255) {
            throw new IllegalArgumentException("flags: " + flags + " (expected: 0..255)");
        }
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
