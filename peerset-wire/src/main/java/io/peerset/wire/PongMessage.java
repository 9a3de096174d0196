package io.peerset.wire;

/**
 * {@code pong}: the answer to a {@code ping}.
 *
 * @param nonce the 64-bit nonce (required: a nonce-less ping from before BIP-31 is a decode error)
 */
public record PongMessage(long nonce) implements Message {

    /** The command. */
    public static final String COMMAND = "pong";

    @Override
    public String command() {
        return COMMAND;
    }
}
