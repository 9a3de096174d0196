package io.peerset.wire;

/**
 * {@code ping}: a liveness probe; answered with a {@code pong} carrying the same nonce.
 *
 * @param nonce the 64-bit nonce (required: a nonce-less ping from before BIP-31 is a decode error)
 */
public record PingMessage(long nonce) implements Message {

    /** The command. */
    public static final String COMMAND = "ping";

    @Override
    public String command() {
        return COMMAND;
    }
}
