package io.peerset.wire;

import java.util.List;

/**
 * {@code getdata}: requests blocks or transactions by hash.
 *
 * @param items at most {@value WireLimits#MAX_INV_IN_MESSAGE} entries
 */
public record GetDataMessage(List<InventoryItem> items) implements Message {

    /** The command. */
    public static final String COMMAND = "getdata";

    /**
     * Copies the list and checks its size.
     *
     * @throws IllegalArgumentException if there are too many entries
     */
    public GetDataMessage {
        items = Checks.list("items", items, WireLimits.MAX_INV_IN_MESSAGE);
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
