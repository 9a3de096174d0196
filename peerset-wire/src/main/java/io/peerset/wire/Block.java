package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Zcash block: its exact bytes, its parsed header and its transactions, all sharing one array.
 *
 * <p>Parsing checks the structure of the header and of every transaction (see {@link Transaction})
 * and that nothing follows the last transaction; it verifies neither proof of work nor the Merkle
 * root: that is the consensus layer's job.
 *
 * <p>Immutable and thread-safe.
 */
public final class Block {

    private final Bytes bytes;
    private final BlockHeader header;
    private final List<Transaction> transactions;

    private Block(Bytes bytes, BlockHeader header, List<Transaction> transactions) {
        this.bytes = bytes;
        this.header = header;
        this.transactions = transactions;
    }

    /**
     * @param bytes a serialized block, nothing after it
     * @return the block
     * @throws WireFormatException if the bytes are not one well-formed block
     */
    public static Block parse(Bytes bytes) {
        requireNonNull(bytes, "bytes");
        WireReader reader = WireReader.of(bytes, "block", 0);
        Block block = read(reader, bytes);
        if (reader.remaining() != 0) {
            throw reader.error("end", reader.remaining() + " bytes after the block (expected: none)");
        }
        return block;
    }

    static Block read(WireReader r, Bytes source) {
        int start = r.position();
        BlockHeader header = BlockHeader.read(r, source);
        int count = r.count("transaction count", WireLimits.MAX_PAYLOAD_LENGTH, Transaction.MIN_LENGTH);
        List<Transaction> transactions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            transactions.add(Transaction.read(r, source));
        }
        return new Block(source.slice(start, r.position()), header, Collections.unmodifiableList(transactions));
    }

    /** @return the exact serialized block */
    public Bytes bytes() {
        return bytes;
    }

    /** @return the header */
    public BlockHeader header() {
        return header;
    }

    /** @return the block hash (the header's) */
    public Hash32 hash() {
        return header.hash();
    }

    /** @return the transactions, coinbase first */
    public List<Transaction> transactions() {
        return transactions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && b.bytes.equals(bytes);
    }

    @Override
    public int hashCode() {
        return bytes.hashCode();
    }

    @Override
    public String toString() {
        return "Block[" + hash() + ", " + transactions.size() + " transactions, " + bytes.length() + " bytes]";
    }
}
