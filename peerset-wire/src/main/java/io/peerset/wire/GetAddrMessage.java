package io.peerset.wire;

/**
 * {@code getaddr}: asks for gossiped addresses (answered with {@code addr}). Empty payload.
 */
public record GetAddrMessage() implements Message {

    /** The command. */
    public static final String COMMAND = "getaddr";

    @Override
    public String command() {
        return COMMAND;
    }
}
