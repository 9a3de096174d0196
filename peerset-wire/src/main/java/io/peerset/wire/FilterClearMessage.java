package io.peerset.wire;

/**
 * {@code filterclear}: removes a BIP-37 bloom filter; parsed and ignored by peerset. Empty payload.
 */
public record FilterClearMessage() implements Message {

    /** The command. */
    public static final String COMMAND = "filterclear";

    @Override
    public String command() {
        return COMMAND;
    }
}
