package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code inv}, {@code getdata} or {@code notfound}: a type (u32) and a hash. Types 0
 * to 3 carry 32 bytes, {@code MSG_WTX} (5, ZIP-239) carries a txid and an authorizing-data digest;
 * any other type is a decode error, as in the reference.
 */
public sealed interface InventoryItem {

    /** @return the type code on the wire */
    int typeCode();

    /** @return the wire size of the entry including its type */
    default int encodedLength() {
        return 4 + Hash32.LENGTH;
    }

    /**
     * Type 0 ({@code ERROR}): ignored by peers; carried so it decodes losslessly.
     *
     * @param hash the 32 bytes
     */
    record Error(Hash32 hash) implements InventoryItem {
        /** Checks for nulls. */
        public Error {
            requireNonNull(hash, "hash");
        }

        @Override
        public int typeCode() {
            return 0;
        }
    }

    /**
     * Type 1 ({@code MSG_TX}): a transaction id (for v5 transactions, the ZIP-244 txid).
     *
     * @param txid the transaction id, internal order
     */
    record Tx(Hash32 txid) implements InventoryItem {
        /** Checks for nulls. */
        public Tx {
            requireNonNull(txid, "txid");
        }

        @Override
        public int typeCode() {
            return 1;
        }
    }

    /**
     * Type 2 ({@code MSG_BLOCK}): a block hash.
     *
     * @param hash the block hash, internal order
     */
    record Block(Hash32 hash) implements InventoryItem {
        /** Checks for nulls. */
        public Block {
            requireNonNull(hash, "hash");
        }

        @Override
        public int typeCode() {
            return 2;
        }
    }

    /**
     * Type 3 ({@code MSG_FILTERED_BLOCK}): a block hash (BIP-37; never requested by peerset).
     *
     * @param hash the block hash, internal order
     */
    record FilteredBlock(Hash32 hash) implements InventoryItem {
        /** Checks for nulls. */
        public FilteredBlock {
            requireNonNull(hash, "hash");
        }

        @Override
        public int typeCode() {
            return 3;
        }
    }

    /**
     * Type 5 ({@code MSG_WTX}, ZIP-239): a v5 transaction's id and authorizing-data digest.
     *
     * @param txid       the ZIP-244 txid, internal order
     * @param authDigest the ZIP-244 auth digest, internal order
     */
    record Wtx(Hash32 txid, Hash32 authDigest) implements InventoryItem {
        /** Checks for nulls. */
        public Wtx {
            requireNonNull(txid, "txid");
            requireNonNull(authDigest, "authDigest");
        }

        @Override
        public int typeCode() {
            return 5;
        }

        @Override
        public int encodedLength() {
            return 4 + 2 * Hash32.LENGTH;
        }
    }
}
