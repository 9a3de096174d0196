package io.peerset.wire;

/**
 * {@code verack}: acknowledges the remote {@code version}; completes the handshake. Empty payload.
 */
public record VerackMessage() implements Message {

    /** The command. */
    public static final String COMMAND = "verack";

    @Override
    public String command() {
        return COMMAND;
    }
}
