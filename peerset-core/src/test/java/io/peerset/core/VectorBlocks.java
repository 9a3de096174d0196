package io.peerset.core;

import io.peerset.api.TransactionId;
import io.peerset.api.wire.Block;
import io.peerset.api.wire.Bytes;
import io.peerset.api.wire.Transaction;
import io.peerset.core.tx.TransactionIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Real Mainnet blocks and transactions from {@code src/test/resources/vectors/blocks}, for the integration tests. */
final class VectorBlocks {

    /** Height 396: v1 transactions. */
    static final Block BLOCK_396 = block("block_mainnet_396");
    /** Height 419201: Sapling-era (v4) transactions. */
    static final Block BLOCK_419201 = block("block_mainnet_419201");
    /** Height 1687113: NU5, with v5 transactions. */
    static final Block BLOCK_1687113 = block("block_mainnet_1687113");
    /** Height 2222000. */
    static final Block BLOCK_2222000 = block("block_mainnet_2222000");

    /** Pre-v5 transactions (legacy ids). */
    static final List<Transaction> LEGACY_TXS = BLOCK_419201.transactions().stream().filter(t -> t.version() < 5).toList();
    /** v5 transactions (witnessed ids). */
    static final List<Transaction> V5_TXS = BLOCK_1687113.transactions().stream().filter(t -> t.version() >= 5).toList();

    private VectorBlocks() {
    }

    /** @return the id a peer uses for {@code tx}: witnessed (ZIP-239) for v5, legacy before */
    static TransactionId id(Transaction tx) {
        return TransactionIds.authDigest(tx).<TransactionId>map(auth -> new TransactionId.Witnessed(TransactionIds.txid(tx), auth))
                .orElseGet(() -> new TransactionId.Legacy(TransactionIds.txid(tx)));
    }

    private static Block block(String name) {
        String path = "/vectors/blocks/" + name + ".hex";
        try (InputStream in = VectorBlocks.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            // One "# " comment line, then hex wrapped over lines.
            return Block.parse(Bytes.fromHex(text.substring(text.indexOf('\n') + 1).replaceAll("\\s", "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
