package io.peerset.api;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.Hash32;
import io.peerset.wire.InventoryItem;
import java.util.Optional;

/**
 * The identifier of an unmined transaction: a legacy id (v1–v4, {@code MSG_TX}) or, for v5 and
 * later, the ZIP-239 witnessed id (txid + auth digest, {@code MSG_WTX}).
 */
public sealed interface TransactionId {

    /** @return the txid, internal byte order */
    Hash32 txid();

    /** @return the inventory item that requests or advertises this transaction */
    InventoryItem toInventory();

    /**
     * @param item an inventory item
     * @return the transaction id it names, or empty for non-transaction items
     */
    static Optional<TransactionId> fromInventory(InventoryItem item) {
        requireNonNull(item, "item");
        if (item instanceof InventoryItem.Tx tx) {
            return Optional.of(new Legacy(tx.txid()));
        }
        if (item instanceof InventoryItem.Wtx wtx) {
            return Optional.of(new Witnessed(wtx.txid(), wtx.authDigest()));
        }
        return Optional.empty();
    }

    /**
     * A v1–v4 transaction id.
     *
     * @param txid SHA-256d of the transaction, internal order
     */
    record Legacy(Hash32 txid) implements TransactionId {
        /** Checks for null. */
        public Legacy {
            requireNonNull(txid, "txid");
        }

        @Override
        public InventoryItem toInventory() {
            return new InventoryItem.Tx(txid);
        }
    }

    /**
     * A v5+ witnessed transaction id (ZIP 239).
     *
     * @param txid       the ZIP-244 txid, internal order
     * @param authDigest the ZIP-244 auth digest, internal order
     */
    record Witnessed(Hash32 txid, Hash32 authDigest) implements TransactionId {
        /** Checks for nulls. */
        public Witnessed {
            requireNonNull(txid, "txid");
            requireNonNull(authDigest, "authDigest");
        }

        @Override
        public InventoryItem toInventory() {
            return new InventoryItem.Wtx(txid, authDigest);
        }
    }
}
