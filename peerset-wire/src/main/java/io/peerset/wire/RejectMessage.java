package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * {@code reject}: the sender refused something we sent. Parsed and ignored by peerset (remote
 * peers can't make us disconnect by sending one); the reference never sends it.
 *
 * @param message the rejected command, at most {@value WireLimits#MAX_REJECT_MESSAGE_LENGTH} bytes
 * @param code    why
 * @param reason  free text, at most {@value WireLimits#MAX_REJECT_REASON_LENGTH} bytes
 * @param data    the rejected object's hash (32 bytes), or empty
 */
public record RejectMessage(String message, RejectCode code, String reason, Bytes data) implements Message {

    /** The command. */
    public static final String COMMAND = "reject";

    /**
     * Checks the field limits.
     *
     * @throws IllegalArgumentException if a field is too long or {@code data} is neither empty nor 32 bytes
     */
    public RejectMessage {
        Checks.string("message", requireNonNull(message, "message"), WireLimits.MAX_REJECT_MESSAGE_LENGTH);
        requireNonNull(code, "code");
        Checks.string("reason", requireNonNull(reason, "reason"), WireLimits.MAX_REJECT_REASON_LENGTH);
        requireNonNull(data, "data");
        if (!data.isEmpty() && data.length() != Hash32.LENGTH) {
            throw new IllegalArgumentException("data: " + data.length() + " bytes (expected: 0 or 32)");
        }
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
