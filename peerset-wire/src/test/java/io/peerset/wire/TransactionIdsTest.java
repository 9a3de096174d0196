package io.peerset.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transaction ids and Merkle roots against the shared vectors: the ten ZIP-244 vectors, two
 * legacy transactions, six real blocks (v1, v2, v4 and v5 transactions) and the Mainnet genesis
 * block. The vectors' README.md (copied next to them) gives the provenance of every value.
 */
class TransactionIdsTest {

    static final List<String> BLOCKS = Vectors.BLOCKS;

    @ParameterizedTest(name = "zip244_0{0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void zip244Vectors(int index) {
        Vectors.Zip244 vector = Vectors.zip244(index);
        Transaction tx = Transaction.parse(vector.tx());

        assertThat(tx.version()).isEqualTo(5);
        assertThat(tx.consensusBranchId()).as("NU5 branch id").isEqualTo(0xc2d6d0b4L);
        // The vectors give raw BLAKE2b output: internal order.
        assertThat(TransactionIds.txid(tx).toInternalHex()).isEqualTo(vector.txidInternalHex());
        assertThat(TransactionIds.authDigest(tx)).map(Hash32::toInternalHex).hasValue(vector.authDigestInternalHex());
    }

    @Test
    void v5TxidIsNotSha256dOfTheBytes() {
        Transaction tx = Transaction.parse(Vectors.zip244(0).tx());
        assertThat(TransactionIds.txid(tx)).isNotEqualTo(Sha256d.hash(tx.bytes()));
    }

    @Test
    void v1DummyTransaction() {
        Transaction tx = Transaction.parse(Vectors.hex("tx_dummy_tx1.body.hex"));

        assertThat(tx.version()).isEqualTo(1);
        assertThat(tx.bytes().length()).isEqualTo(85);
        assertThat(TransactionIds.txid(tx))
                .isEqualTo(Hash32.fromDisplayHex("5ada6b87c22f9fdb424663d79c31d712225d5256445ddd36e179e0dcf550c680"));
        assertThat(TransactionIds.authDigest(tx)).isEmpty();
    }

    @Test
    void v4SaplingTransaction() {
        Transaction tx = Transaction.parse(Vectors.hex("tx_generic_testnet_280003.body.hex"));

        assertThat(tx.version()).isEqualTo(4);
        assertThat(tx.bytes().length()).isEqualTo(2005);
        assertThat(TransactionIds.txid(tx))
                .isEqualTo(Hash32.fromDisplayHex("64f0bd7fe30ce23753358fe3a2dc835b8fba9c0274c4e2c54a6f73114cb55639"));
        assertThat(TransactionIds.authDigest(tx)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("BLOCKS")
    void realBlock(String name) {
        Map<String, String> expected = Vectors.keyValues("blocks/" + name + ".expected.txt");
        Bytes bytes = Vectors.hex("blocks/" + name + ".hex");
        Block block = Block.parse(bytes);
        BlockHeader header = block.header();

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(bytes.length()).as("size").isEqualTo(intValue(expected, "size"));
        softly.assertThat(header.bytes().length()).as("header size").isEqualTo(intValue(expected, "header_size"));
        softly.assertThat(header.solution().length()).as("solution size").isEqualTo(intValue(expected, "solution_size"));
        softly.assertThat(block.hash()).as("block hash").isEqualTo(display(expected, "block_hash"));
        softly.assertThat(header.version()).as("header version").isEqualTo(longValue(expected, "header_version"));
        softly.assertThat(header.previousBlockHash()).as("prev hash").isEqualTo(display(expected, "prev_hash"));
        softly.assertThat(header.merkleRoot()).as("merkle root field").isEqualTo(display(expected, "merkle_root"));
        softly.assertThat(header.commitments()).as("commitments field").isEqualTo(display(expected, "commitments_field"));
        softly.assertThat(header.time()).as("time").isEqualTo(longValue(expected, "time"));
        softly.assertThat(header.bits()).as("bits").isEqualTo(Long.parseLong(Vectors.required(expected, "bits"), 16));

        List<Transaction> transactions = block.transactions();
        softly.assertThat(transactions).as("ntx").hasSize(intValue(expected, "ntx"));
        List<Hash32> txids = TransactionIds.txids(block);
        softly.assertThat(txids).as("txids(block)").hasSameSizeAs(transactions);
        for (int i = 0; i < transactions.size(); i++) {
            Transaction tx = transactions.get(i);
            String key = "tx." + i + ".";
            softly.assertThat(tx.version()).as(key + "version").isEqualTo(intValue(expected, key + "version"));
            softly.assertThat(tx.bytes().length()).as(key + "size").isEqualTo(intValue(expected, key + "size"));
            softly.assertThat(tx.shape().toString()).as(key + "shape").isEqualTo(Vectors.required(expected, key + "shape"));
            softly.assertThat(TransactionIds.txid(tx)).as(key + "txid").isEqualTo(display(expected, key + "txid"));
            softly.assertThat(txids.get(i)).as(key + "txid from txids(block)").isEqualTo(TransactionIds.txid(tx));
            if (tx.version() == 5) {
                softly.assertThat(TransactionIds.authDigest(tx)).as(key + "auth_digest")
                        .hasValue(display(expected, key + "auth_digest"));
            } else {
                softly.assertThat(expected).as("vector has no auth digest for v" + tx.version()).doesNotContainKey(key + "auth_digest");
                softly.assertThat(TransactionIds.authDigest(tx)).as(key + "auth_digest").isEmpty();
            }
        }
        softly.assertThat(TransactionIds.merkleRoot(txids)).as("merkle root from txids").isEqualTo(header.merkleRoot());
        softly.assertAll();
    }

    @Test
    void mainnetGenesisBlock() {
        Block block = Block.parse(Vectors.hex("block_mainnet_genesis.body.hex"));

        assertThat(block.hash())
                .isEqualTo(Hash32.fromDisplayHex("00040fe8ec8471911baa1db1266ea15dd06b4a8a5c453883c000b031973dce08"));
        assertThat(block.transactions()).hasSize(1);
        Transaction coinbase = block.transactions().get(0);
        assertThat(coinbase.isCoinbase()).isTrue();
        Hash32 txid = TransactionIds.txid(coinbase);
        assertThat(txid).isEqualTo(Sha256d.hash(coinbase.bytes()));
        // A one-transaction block's Merkle root is its coinbase txid.
        assertThat(TransactionIds.merkleRoot(List.of(txid))).isEqualTo(txid).isEqualTo(block.header().merkleRoot());
    }

    @Test
    void merkleRootOfNothingIsZero() {
        assertThat(TransactionIds.merkleRoot(List.of())).isEqualTo(Hash32.ZERO);
    }

    @Test
    void merkleRootOfThreeDuplicatesTheLast() {
        Hash32 a = hashOf(1);
        Hash32 b = hashOf(2);
        Hash32 c = hashOf(3);
        Hash32 ab = Sha256d.hash(concat(a, b));
        Hash32 cc = Sha256d.hash(concat(c, c));
        Hash32 expected = Sha256d.hash(concat(ab, cc));

        assertThat(TransactionIds.merkleRoot(List.of(a, b, c))).isEqualTo(expected);
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatNullPointerException().isThrownBy(() -> TransactionIds.txid(null));
        assertThatNullPointerException().isThrownBy(() -> TransactionIds.authDigest(null));
        assertThatNullPointerException().isThrownBy(() -> TransactionIds.txids(null));
        assertThatNullPointerException().isThrownBy(() -> TransactionIds.merkleRoot(null));
        List<Hash32> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatNullPointerException().isThrownBy(() -> TransactionIds.merkleRoot(withNull));
    }

    @Test
    void concurrentCallsAgreeWithSequentialOnes() {
        List<Transaction> txs = IntStream.range(0, Vectors.ZIP244_COUNT)
                .mapToObj(i -> Transaction.parse(Vectors.zip244(i).tx())).toList();
        List<Hash32> sequential = txs.stream().map(TransactionIds::txid).toList();
        // Many rounds in parallel: any shared digest state would garble some results.
        List<List<Hash32>> parallel = IntStream.range(0, 50).parallel()
                .mapToObj(round -> txs.stream().map(TransactionIds::txid).toList()).toList();

        assertThat(parallel).allSatisfy(ids -> assertThat(ids).isEqualTo(sequential));
    }

    private static Hash32 display(Map<String, String> expected, String key) {
        return Hash32.fromDisplayHex(Vectors.required(expected, key));
    }

    private static int intValue(Map<String, String> expected, String key) {
        return Integer.parseInt(Vectors.required(expected, key));
    }

    private static long longValue(Map<String, String> expected, String key) {
        return Long.parseLong(Vectors.required(expected, key));
    }

    private static Hash32 hashOf(int seed) {
        return Sha256d.hash(new byte[] {(byte) seed});
    }

    private static byte[] concat(Hash32 left, Hash32 right) {
        byte[] out = new byte[64];
        System.arraycopy(left.toInternalBytes(), 0, out, 0, 32);
        System.arraycopy(right.toInternalBytes(), 0, out, 32, 32);
        return out;
    }
}
