package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * {@code block}: one full block.
 *
 * @param block the block
 */
public record BlockMessage(Block block) implements Message {

    /** The command. */
    public static final String COMMAND = "block";

    /** Checks for null. */
    public BlockMessage {
        requireNonNull(block, "block");
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
