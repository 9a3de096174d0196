package io.peerset.wire;

/**
 * {@code mempool}: asks for the ids of the transactions in the remote mempool. Empty payload.
 */
public record MempoolMessage() implements Message {

    /** The command. */
    public static final String COMMAND = "mempool";

    @Override
    public String command() {
        return COMMAND;
    }
}
