package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * {@code tx}: one transaction.
 *
 * @param transaction the transaction
 */
public record TxMessage(Transaction transaction) implements Message {

    /** The command. */
    public static final String COMMAND = "tx";

    /** Checks for null. */
    public TxMessage {
        requireNonNull(transaction, "transaction");
    }

    @Override
    public String command() {
        return COMMAND;
    }
}
