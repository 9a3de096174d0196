package io.peerset.core.peer;

import io.peerset.api.TransactionId;
import io.peerset.wire.Block;
import io.peerset.wire.Bytes;
import io.peerset.wire.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Real Mainnet blocks and their transactions, from the shared vectors in {@code src/test/resources/vectors}:
 * one loader for the virtual-time tests of this package and the integration tests of {@code io.peerset.core}.
 */
public final class Fixtures {

    /** Height 396: v1 transactions. */
    public static final Block BLOCK_396 = block("block_mainnet_396");
    /** Height 419201: Sapling-era transactions. */
    public static final Block BLOCK_419201 = block("block_mainnet_419201");
    /** Height 1687113: NU5, with v5 transactions. */
    public static final Block BLOCK_1687113 = block("block_mainnet_1687113");
    /** Height 2222000. */
    public static final Block BLOCK_2222000 = block("block_mainnet_2222000");

    /** Pre-v5 transactions (legacy ids). */
    public static final List<Transaction> LEGACY_TXS = BLOCK_419201.transactions().stream().filter(t -> t.version() < 5).toList();
    /** v5 transactions (witnessed ids). */
    public static final List<Transaction> V5_TXS = BLOCK_1687113.transactions().stream().filter(t -> t.version() >= 5).toList();

    private Fixtures() {
    }

    /**
     * @param tx a transaction
     * @return the id a peer uses for it: witnessed (ZIP-239) for v5, legacy before
     */
    public static TransactionId id(Transaction tx) {
        return ResponseHandler.Transactions.idOf(tx);
    }

    private static Block block(String name) {
        return Block.parse(hex("/vectors/blocks/" + name + ".hex"));
    }

    private static Bytes hex(String path) {
        // the vectors are peerset-wire's test resources (its test jar): a class loader search, since
        // Class.getResourceAsStream looks only inside this (named) module
        try (InputStream in = ClassLoader.getSystemResourceAsStream(path.substring(1))) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Bytes.fromHex(text.substring(text.indexOf('\n') + 1).replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
