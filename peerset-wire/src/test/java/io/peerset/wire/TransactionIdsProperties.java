package io.peerset.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests (QuickTheories) of what transaction ids promise.
 *
 * <p>The subjects are real transactions: the ten ZIP-244 vectors, the v5 transactions of the NU5
 * blocks, and every legacy transaction in the vector set. A mutation flips bits of one byte at an
 * offset found by {@link Layout}, a walker written here independently of the API parser, that
 * sorts each field as <em>effecting</em> (what the transaction does) or <em>authorizing</em>
 * (scripts, proofs, signatures). Only fields whose bytes may take any value are mutated, so every
 * mutated transaction still parses.
 */
class TransactionIdsProperties {

    private static final int EXAMPLES = 400;

    private static List<Subject> v5;
    private static List<Subject> legacy;

    @BeforeAll
    static void loadSubjects() {
        List<Bytes> v5Bytes = new ArrayList<>();
        List<Bytes> legacyBytes = new ArrayList<>();
        for (int i = 0; i < Vectors.ZIP244_COUNT; i++) {
            v5Bytes.add(Vectors.zip244(i).tx());
        }
        legacyBytes.add(Vectors.hex("tx_dummy_tx1.body.hex"));
        legacyBytes.add(Vectors.hex("tx_generic_testnet_280003.body.hex"));
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.parse(Vectors.hex("block_mainnet_genesis.body.hex")));
        for (String name : Vectors.BLOCKS) {
            blocks.add(Block.parse(Vectors.hex("blocks/" + name + ".hex")));
        }
        for (Block block : blocks) {
            for (Transaction tx : block.transactions()) {
                (tx.version() == 5 ? v5Bytes : legacyBytes).add(tx.bytes());
            }
        }
        v5 = v5Bytes.stream().map(Subject::of).toList();
        legacy = legacyBytes.stream().map(Subject::of).toList();
    }

    @Test
    void v5TxidCommitsToEveryEffectingByteButAuthDigestDoesNot() {
        List<Site> sites = sites(v5, Kind.EFFECTING);
        qt().withExamples(EXAMPLES).forAll(integers().between(0, sites.size() - 1), integers().between(1, 255))
                .checkAssert((siteIndex, mask) -> {
                    Site site = sites.get(siteIndex);
                    Transaction mutated = site.mutate(mask);

                    assertThat(TransactionIds.txid(mutated)).as(site.toString()).isNotEqualTo(site.subject.txid);
                    assertThat(TransactionIds.authDigest(mutated)).as(site.toString()).isEqualTo(site.subject.authDigest);
                });
    }

    @Test
    void v5TxidIgnoresAuthorizingBytesButAuthDigestCommitsToThem() {
        List<Site> sites = sites(v5, Kind.AUTHORIZING);
        qt().withExamples(EXAMPLES).forAll(integers().between(0, sites.size() - 1), integers().between(1, 255))
                .checkAssert((siteIndex, mask) -> {
                    Site site = sites.get(siteIndex);
                    Transaction mutated = site.mutate(mask);

                    // The point of ZIP-244: re-signing or re-proving keeps the id...
                    assertThat(TransactionIds.txid(mutated)).as(site.toString()).isEqualTo(site.subject.txid);
                    // ...while the wtxid (txid and auth digest) still tells the two apart.
                    assertThat(TransactionIds.authDigest(mutated)).as(site.toString()).isNotEqualTo(site.subject.authDigest);
                    // A legacy-style id over the bytes would have been malleable.
                    assertThat(Sha256d.hash(mutated.bytes())).isNotEqualTo(Sha256d.hash(site.subject.bytes));
                });
    }

    @Test
    void v5ConsensusBranchIdPersonalizesBothDigests() {
        List<Site> sites = sites(v5, Kind.BRANCH_ID);
        qt().withExamples(EXAMPLES).forAll(integers().between(0, sites.size() - 1), integers().between(1, 255))
                .checkAssert((siteIndex, mask) -> {
                    Site site = sites.get(siteIndex);
                    Transaction mutated = site.mutate(mask);

                    assertThat(TransactionIds.txid(mutated)).isNotEqualTo(site.subject.txid);
                    assertThat(TransactionIds.authDigest(mutated)).isNotEqualTo(site.subject.authDigest);
                });
    }

    @Test
    void legacyTxidIsSha256dOfTheBytesAndCoversScripts() {
        List<Site> sites = new ArrayList<>(sites(legacy, Kind.EFFECTING));
        sites.addAll(sites(legacy, Kind.AUTHORIZING));
        qt().withExamples(EXAMPLES).forAll(integers().between(0, sites.size() - 1), integers().between(1, 255))
                .checkAssert((siteIndex, mask) -> {
                    Site site = sites.get(siteIndex);
                    Transaction mutated = site.mutate(mask);

                    assertThat(TransactionIds.txid(mutated)).isEqualTo(Sha256d.hash(mutated.bytes()))
                            .isNotEqualTo(site.subject.txid);
                    assertThat(TransactionIds.authDigest(mutated)).isEmpty();
                });
    }

    @Test
    void unmutatedLegacyTxidIsSha256dOfTheBytes() {
        assertThat(legacy).allSatisfy(s -> assertThat(s.txid).isEqualTo(Sha256d.hash(s.bytes)));
        assertThat(v5).allSatisfy(s -> assertThat(s.authDigest).isPresent());
    }

    @Test
    void merkleRootOfOddLevelEqualsRootWithLastDuplicated() {
        qt().withExamples(EXAMPLES).forAll(hashLists(1, 40)).checkAssert(ids -> {
            if (ids.size() % 2 == 1 && ids.size() > 1) {
                List<Hash32> padded = new ArrayList<>(ids);
                padded.add(ids.get(ids.size() - 1));
                assertThat(TransactionIds.merkleRoot(padded)).isEqualTo(TransactionIds.merkleRoot(ids));
            }
            // The root is one level above the pairwise hashes of the leaves.
            List<Hash32> level = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += 2) {
                Hash32 right = i + 1 < ids.size() ? ids.get(i + 1) : ids.get(i);
                level.add(Sha256d.hash(concat(ids.get(i), right)));
            }
            Hash32 expected = ids.size() == 1 ? ids.get(0) : TransactionIds.merkleRoot(level);
            assertThat(TransactionIds.merkleRoot(ids)).isEqualTo(expected);
        });
    }

    @Test
    void merkleRootCommitsToEveryTxidAndItsPosition() {
        qt().withExamples(EXAMPLES).forAll(hashLists(2, 40), integers().between(0, 39), integers().between(1, 255))
                .checkAssert((ids, selector, mask) -> {
                    int index = selector % ids.size();
                    Hash32 root = TransactionIds.merkleRoot(ids);

                    List<Hash32> changed = new ArrayList<>(ids);
                    byte[] flipped = ids.get(index).toInternalBytes();
                    flipped[index % 32] ^= mask.byteValue();
                    changed.set(index, Hash32.ofInternal(flipped));
                    assertThat(TransactionIds.merkleRoot(changed)).isNotEqualTo(root);

                    List<Hash32> swapped = new ArrayList<>(ids);
                    int other = index == 0 ? 1 : index - 1;
                    swapped.set(index, ids.get(other));
                    swapped.set(other, ids.get(index));
                    if (!ids.get(index).equals(ids.get(other))) {
                        assertThat(TransactionIds.merkleRoot(swapped)).isNotEqualTo(root);
                    }
                });
    }

    private static Gen<List<Hash32>> hashLists(int min, int max) {
        Gen<Hash32> hashes = Generate.byteArrays(Generate.constant(32), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                .map(Hash32::ofInternal);
        return lists().of(hashes).ofSizeBetween(min, max);
    }

    private static byte[] concat(Hash32 left, Hash32 right) {
        byte[] out = new byte[64];
        System.arraycopy(left.toInternalBytes(), 0, out, 0, 32);
        System.arraycopy(right.toInternalBytes(), 0, out, 32, 32);
        return out;
    }

    private static List<Site> sites(List<Subject> subjects, Kind kind) {
        List<Site> sites = new ArrayList<>();
        for (Subject s : subjects) {
            for (Range r : s.layout.ranges) {
                if (r.kind == kind) {
                    for (int offset = r.from; offset < r.to; offset++) {
                        sites.add(new Site(s, r, offset));
                    }
                }
            }
        }
        assertThat(sites).as("mutation sites of kind " + kind).isNotEmpty();
        return sites;
    }

    enum Kind { EFFECTING, AUTHORIZING, BRANCH_ID }

    /** Bytes {@code from..to} of one field, with the XOR masks that keep it well-formed. */
    record Range(String field, Kind kind, int from, int to, int maskLimit) {
    }

    /** One byte of one subject to mutate. */
    record Site(Subject subject, Range range, int offset) {
        Transaction mutate(int mask) {
            byte[] copy = subject.bytes.toByteArray();
            // Fields like the Orchard flags accept only some bits: fold the mask into them.
            int effective = 1 + (mask - 1) % range.maskLimit;
            copy[offset] ^= (byte) effective;
            return Transaction.parse(Bytes.copyOf(copy));
        }

        @Override
        public String toString() {
            return "v" + subject.tx.version() + " tx " + subject.txid + ", " + range.field + " byte " + offset;
        }
    }

    /** A transaction with its unmutated ids and field layout. */
    record Subject(Bytes bytes, Transaction tx, Hash32 txid, Optional<Hash32> authDigest, Layout layout) {
        static Subject of(Bytes bytes) {
            Transaction tx = Transaction.parse(bytes);
            return new Subject(bytes, tx, TransactionIds.txid(tx), TransactionIds.authDigest(tx), Layout.of(bytes));
        }
    }

    /**
     * Field offsets of a serialized transaction, found by walking it. Only the transparent part is
     * walked for v1 to v4 (enough for the legacy properties); v5 is walked to its last byte, and
     * the walk must end exactly there.
     */
    static final class Layout {
        private static final long MAX_MONEY = 21_000_000L * 100_000_000L;

        final List<Range> ranges = new ArrayList<>();
        private final byte[] b;
        private int pos;

        private Layout(byte[] b) {
            this.b = b;
        }

        static Layout of(Bytes bytes) {
            Layout l = new Layout(bytes.toByteArray());
            l.walk();
            return l;
        }

        private void walk() {
            long header = u32();
            boolean overwintered = (header & 0x8000_0000L) != 0;
            int version = (int) (header & 0x7fff_ffffL);
            if (overwintered) {
                pos += 4; // version group id: fixed per version, the parser checks it
            }
            if (version == 5) {
                add("consensus branch id", Kind.BRANCH_ID, 4, 255);
                add("lock time", Kind.EFFECTING, 4, 255);
                add("expiry height", Kind.EFFECTING, 4, 255);
            }
            transparent();
            if (version == 5) {
                shielded();
                if (pos != b.length) {
                    throw new IllegalStateException("v5 walk ended at " + pos + " of " + b.length);
                }
            }
        }

        private void transparent() {
            long inputs = compactSize();
            for (long i = 0; i < inputs; i++) {
                add("prevout " + i, Kind.EFFECTING, 36, 255);
                add("scriptSig " + i, Kind.AUTHORIZING, (int) compactSize(), 255);
                add("sequence " + i, Kind.EFFECTING, 4, 255);
            }
            long outputs = compactSize();
            for (long i = 0; i < outputs; i++) {
                amount("output value " + i);
                add("scriptPubKey " + i, Kind.EFFECTING, (int) compactSize(), 255);
            }
        }

        private void shielded() {
            int spends = (int) compactSize();
            add("sapling spends", Kind.EFFECTING, spends * 96, 255);
            int outputs = (int) compactSize();
            add("sapling outputs", Kind.EFFECTING, outputs * 756, 255);
            if (spends + outputs > 0) {
                amount("sapling value balance");
                if (spends > 0) {
                    add("sapling anchor", Kind.EFFECTING, 32, 255);
                }
                add("sapling spend proofs", Kind.AUTHORIZING, spends * 192, 255);
                add("sapling spend auth sigs", Kind.AUTHORIZING, spends * 64, 255);
                add("sapling output proofs", Kind.AUTHORIZING, outputs * 192, 255);
                add("sapling binding sig", Kind.AUTHORIZING, 64, 255);
            }
            int actions = (int) compactSize();
            if (actions > 0) {
                add("orchard actions", Kind.EFFECTING, actions * 820, 255);
                // Only bits 0 (spends enabled) and 1 (outputs enabled) are defined.
                add("orchard flags", Kind.EFFECTING, 1, 3);
                amount("orchard value balance");
                add("orchard anchor", Kind.EFFECTING, 32, 255);
                add("orchard proofs", Kind.AUTHORIZING, (int) compactSize(), 255);
                add("orchard spend auth sigs", Kind.AUTHORIZING, actions * 64, 255);
                add("orchard binding sig", Kind.AUTHORIZING, 64, 255);
            }
        }

        /** An 8-byte amount: only its low byte is mutated, and only if that cannot leave the range. */
        private void amount(String field) {
            long value = 0;
            for (int i = 7; i >= 0; i--) {
                value = (value << 8) | (b[pos + i] & 0xff);
            }
            if (Math.abs(value) <= MAX_MONEY - 255) {
                ranges.add(new Range(field + " (low byte)", Kind.EFFECTING, pos, pos + 1, 255));
            }
            pos += 8;
        }

        private void add(String field, Kind kind, int length, int maskLimit) {
            if (length > 0) {
                ranges.add(new Range(field, kind, pos, pos + length, maskLimit));
            }
            pos += length;
        }

        private long u32() {
            long v = 0;
            for (int i = 3; i >= 0; i--) {
                v = (v << 8) | (b[pos + i] & 0xff);
            }
            pos += 4;
            return v;
        }

        private long compactSize() {
            int first = b[pos++] & 0xff;
            int width = switch (first) {
                case 0xfd -> 2;
                case 0xfe -> 4;
                case 0xff -> 8;
                default -> 0;
            };
            if (width == 0) {
                return first;
            }
            long v = 0;
            for (int i = width - 1; i >= 0; i--) {
                v = (v << 8) | (b[pos + i] & 0xff);
            }
            pos += width;
            return v;
        }
    }
}
