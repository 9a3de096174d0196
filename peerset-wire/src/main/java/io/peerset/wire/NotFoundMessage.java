package io.peerset.wire;

import java.util.List;

/**
 * {@code notfound}: says which requested items the sender does not have.
 *
 * @param items at most {@value WireLimits#MAX_INV_IN_MESSAGE} entries
 */
public record NotFoundMessage(List<InventoryItem> items) implements Message {

    /** The command. */
    public static final String COMMAND = "notfound";

    /**
     * Copies the list and checks its size.
     *
     * @throws IllegalArgumentException if there are too many entries
     */
    public NotFoundMessage {
        items = Checks.list("items", items, WireLimits.MAX_INV_IN_MESSAGE);
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
