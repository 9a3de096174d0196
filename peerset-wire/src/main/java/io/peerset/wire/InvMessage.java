package io.peerset.wire;

import java.util.List;

/**
 * {@code inv}: advertises blocks or transactions the sender has.
 *
 * @param items at most {@value WireLimits#MAX_INV_IN_MESSAGE} entries
 */
public record InvMessage(List<InventoryItem> items) implements Message {

    /** The command. */
    public static final String COMMAND = "inv";

    /**
     * Copies the list and checks its size.
     *
     * @throws IllegalArgumentException if there are too many entries
     */
    public InvMessage {
        items = Checks.list("items", items, WireLimits.MAX_INV_IN_MESSAGE);
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
