package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import io.peerset.wire.Transaction.OrchardV5;
import io.peerset.wire.Transaction.SaplingV5;
import io.peerset.wire.Transaction.TransparentInput;
import io.peerset.wire.Transaction.TransparentOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Transaction identifiers and the block Merkle root.
 *
 * <ul>
 *   <li>Versions 1 to 4: the txid is SHA-256d of the serialized transaction. It covers signatures
 *       and scripts, so anyone relaying the transaction can change it (malleability).</li>
 *   <li>Version 5: the txid is the ZIP-244 digest, a tree of personalized BLAKE2b-256 hashes over the
 *       transaction's <em>effecting</em> data only (header, outpoints, sequences, outputs, Sapling
 *       and Orchard descriptions, value balances, anchors). Scripts, proofs and signatures go into
 *       a separate <em>authorizing-data digest</em> ({@link #authDigest(Transaction)}); together
 *       they form the 64-byte wtxid that v5 inventory ({@code MSG_WTX}) announces.</li>
 *   <li>The block Merkle root is always Bitcoin's SHA-256d tree over the txids, v5 included.</li>
 * </ul>
 *
 * <p>Every hash is returned in <em>internal</em> order, the bytes as the hash function outputs them
 * and as they travel on the wire; {@link Hash32#toString()} shows them reversed, as explorers do.
 *
 * <p>Nothing here validates a transaction beyond what {@link Transaction#parse(Bytes)} checked: an
 * id is computed for any well-formed transaction, valid or not.
 *
 * <p>Thread-safe: the class is stateless and every call uses digests of its own.
 */
public final class TransactionIds {

    // ZIP-244 personalizations: exactly 16 ASCII bytes each, except the two roots, whose 12 bytes
    // are followed by the consensus branch id (so that a txid commits to the network upgrade).
    private static final String TXID_ROOT = "ZcashTxHash_";
    private static final String AUTH_ROOT = "ZTxAuthHash_";

    private static final byte[] HEADERS = personalization("ZTxIdHeadersHash");
    private static final byte[] TRANSPARENT = personalization("ZTxIdTranspaHash");
    private static final byte[] PREVOUTS = personalization("ZTxIdPrevoutHash");
    private static final byte[] SEQUENCES = personalization("ZTxIdSequencHash");
    private static final byte[] OUTPUTS = personalization("ZTxIdOutputsHash");
    private static final byte[] SAPLING = personalization("ZTxIdSaplingHash");
    private static final byte[] SAPLING_SPENDS = personalization("ZTxIdSSpendsHash");
    private static final byte[] SAPLING_SPENDS_COMPACT = personalization("ZTxIdSSpendCHash");
    private static final byte[] SAPLING_SPENDS_NONCOMPACT = personalization("ZTxIdSSpendNHash");
    private static final byte[] SAPLING_OUTPUTS = personalization("ZTxIdSOutputHash");
    private static final byte[] SAPLING_OUTPUTS_COMPACT = personalization("ZTxIdSOutC__Hash");
    private static final byte[] SAPLING_OUTPUTS_MEMOS = personalization("ZTxIdSOutM__Hash");
    private static final byte[] SAPLING_OUTPUTS_NONCOMPACT = personalization("ZTxIdSOutN__Hash");
    private static final byte[] ORCHARD = personalization("ZTxIdOrchardHash");
    private static final byte[] ORCHARD_COMPACT = personalization("ZTxIdOrcActCHash");
    private static final byte[] ORCHARD_MEMOS = personalization("ZTxIdOrcActMHash");
    private static final byte[] ORCHARD_NONCOMPACT = personalization("ZTxIdOrcActNHash");
    private static final byte[] TRANSPARENT_AUTH = personalization("ZTxAuthTransHash");
    private static final byte[] SAPLING_AUTH = personalization("ZTxAuthSapliHash");
    private static final byte[] ORCHARD_AUTH = personalization("ZTxAuthOrchaHash");

    // Layout of a v5 Sapling spend description (cv, nullifier, rk).
    private static final int SPEND_CV = 0;
    private static final int SPEND_NULLIFIER = 32;
    private static final int SPEND_RK = 64;

    // Layout of a v5 Sapling output description: cv 0..32, cmu 32..64, ephemeral key 64..96,
    // enc ciphertext 96..676, out ciphertext 676..756. ZIP-244 splits the enc ciphertext at 52
    // (compact part a light client trial-decrypts) and 564 (the 512-byte memo), so that light
    // clients can verify the txid from the compact data plus two digests.
    private static final int OUTPUT_CV = 0;
    private static final int OUTPUT_COMPACT_FROM = 32;
    private static final int OUTPUT_MEMO_FROM = 96 + 52;
    private static final int OUTPUT_MEMO_TO = 96 + 564;

    // Layout of an Orchard action: cv 0..32, nullifier 32..64, rk 64..96, cmx 96..128,
    // ephemeral key 128..160, enc ciphertext 160..740, out ciphertext 740..820.
    private static final int ACTION_CV = 0;
    private static final int ACTION_NULLIFIER = 32;
    private static final int ACTION_RK = 64;
    private static final int ACTION_CMX = 96;
    private static final int ACTION_MEMO_FROM = 160 + 52;
    private static final int ACTION_MEMO_TO = 160 + 564;

    private TransactionIds() {
    }

    /**
     * Computes the transaction id.
     *
     * @param tx a parsed transaction, version 1 to 5
     * @return SHA-256d of the bytes for v1 to v4, the ZIP-244 txid digest for v5; internal order
     */
    public static Hash32 txid(Transaction tx) {
        requireNonNull(tx, "tx");
        if (tx.version() < 5) {
            return Sha256d.hash(tx.bytes());
        }
        Blake root = new Blake(rootPersonalization(TXID_ROOT, tx.consensusBranchId()));
        root.put(headerDigest(tx));
        root.put(transparentDigest(tx));
        root.put(saplingDigest(tx.saplingV5()));
        root.put(orchardDigest(tx.orchard()));
        return root.finish();
    }

    /**
     * Computes the ZIP-244 authorizing-data digest, the second half of a v5 wtxid.
     *
     * @param tx a parsed transaction
     * @return the digest of scripts, proofs and signatures (internal order) for v5; empty for
     *         versions 1 to 4, which have no such digest (their txid already covers that data)
     */
    public static Optional<Hash32> authDigest(Transaction tx) {
        requireNonNull(tx, "tx");
        if (tx.version() < 5) {
            return Optional.empty();
        }
        Blake root = new Blake(rootPersonalization(AUTH_ROOT, tx.consensusBranchId()));
        root.put(transparentScriptsDigest(tx));
        root.put(saplingAuthDigest(tx.saplingV5()));
        root.put(orchardAuthDigest(tx.orchard()));
        return Optional.of(root.finish());
    }

    /**
     * @param block a parsed block
     * @return the txids of its transactions, in block order (internal order each)
     */
    public static List<Hash32> txids(Block block) {
        requireNonNull(block, "block");
        List<Transaction> transactions = block.transactions();
        List<Hash32> ids = new ArrayList<>(transactions.size());
        for (Transaction tx : transactions) {
            ids.add(txid(tx));
        }
        return List.copyOf(ids);
    }

    /**
     * Computes the block Merkle root: a SHA-256d binary tree over internal-order txids where a
     * level with an odd number of nodes pairs its last node with itself.
     *
     * <p>That duplication rule makes the root ambiguous (a list ending in {@code [.., x]} and one
     * ending in {@code [.., x, x]} share a root, CVE-2012-2459): whoever checks a block against the
     * root must also reject duplicate txids.
     *
     * @param txids transaction ids in block order, internal order
     * @return the root in internal order (as in the header); the single txid for a one-transaction
     *         block; {@link Hash32#ZERO} for an empty list, as Bitcoin and Zcash compute it
     */
    public static Hash32 merkleRoot(List<Hash32> txids) {
        requireNonNull(txids, "txids");
        if (txids.isEmpty()) {
            return Hash32.ZERO;
        }
        List<byte[]> level = new ArrayList<>(txids.size());
        for (Hash32 id : txids) {
            level.add(requireNonNull(id, "txid").toInternalBytes());
        }
        // One hasher for the whole tree: this call owns it, so the method stays thread-safe.
        Sha256d hasher = new Sha256d();
        byte[] pair = new byte[2 * Hash32.LENGTH];
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                byte[] left = level.get(i);
                byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
                System.arraycopy(left, 0, pair, 0, Hash32.LENGTH);
                System.arraycopy(right, 0, pair, Hash32.LENGTH, Hash32.LENGTH);
                next.add(hasher.digest(Bytes.copyOf(pair)).toInternalBytes());
            }
            level = next;
        }
        return Hash32.ofInternal(level.get(0));
    }

    // ---- ZIP-244 txid tree ----

    /** T.1: the header fields, all u32 little-endian. */
    private static byte[] headerDigest(Transaction tx) {
        Blake h = new Blake(HEADERS);
        h.u32(tx.header());
        h.u32(tx.versionGroupId());
        h.u32(tx.consensusBranchId());
        h.u32(tx.lockTime());
        h.u32(tx.expiryHeight());
        return h.finishBytes();
    }

    /** T.2: outpoints, sequences and outputs; the empty personalized hash without a transparent part. */
    private static byte[] transparentDigest(Transaction tx) {
        Blake h = new Blake(TRANSPARENT);
        List<TransparentInput> inputs = tx.inputs();
        List<TransparentOutput> outputs = tx.outputs();
        if (inputs.isEmpty() && outputs.isEmpty()) {
            return h.finishBytes();
        }
        Blake prevouts = new Blake(PREVOUTS);
        Blake sequences = new Blake(SEQUENCES);
        for (TransparentInput in : inputs) {
            prevouts.put(in.prevoutHash().toInternalBytes());
            prevouts.u32(in.prevoutIndex());
            sequences.u32(in.sequence());
        }
        Blake outs = new Blake(OUTPUTS);
        for (TransparentOutput out : outputs) {
            outs.i64(out.value());
            outs.compactSize(out.scriptPubKey().length());
            outs.put(out.scriptPubKey());
        }
        h.put(prevouts.finishBytes());
        h.put(sequences.finishBytes());
        h.put(outs.finishBytes());
        return h.finishBytes();
    }

    /** T.3: spends, outputs and the value balance; the empty personalized hash without a bundle. */
    private static byte[] saplingDigest(Optional<SaplingV5> bundle) {
        Blake h = new Blake(SAPLING);
        if (bundle.isEmpty()) {
            return h.finishBytes();
        }
        SaplingV5 s = bundle.get();
        h.put(saplingSpendsDigest(s));
        h.put(saplingOutputsDigest(s));
        h.i64(s.valueBalance());
        return h.finishBytes();
    }

    /** T.3a: nullifiers (compact) and cv, anchor, rk (non-compact); empty hash without spends. */
    private static byte[] saplingSpendsDigest(SaplingV5 s) {
        Blake h = new Blake(SAPLING_SPENDS);
        int count = s.spendCount();
        if (count == 0) {
            return h.finishBytes();
        }
        Blake compact = new Blake(SAPLING_SPENDS_COMPACT);
        Blake noncompact = new Blake(SAPLING_SPENDS_NONCOMPACT);
        Bytes spends = s.spends();
        for (int i = 0; i < count; i++) {
            int at = i * Transaction.SAPLING_SPEND_V5_LENGTH;
            compact.put(spends.slice(at + SPEND_NULLIFIER, at + SPEND_NULLIFIER + 32));
            noncompact.put(spends.slice(at + SPEND_CV, at + SPEND_CV + 32));
            // The v5 encoding shares one anchor between spends; the digest repeats it per spend.
            noncompact.put(s.anchor());
            noncompact.put(spends.slice(at + SPEND_RK, at + SPEND_RK + 32));
        }
        h.put(compact.finishBytes());
        h.put(noncompact.finishBytes());
        return h.finishBytes();
    }

    /** T.3b: compact part, memos, and the rest of each output; empty hash without outputs. */
    private static byte[] saplingOutputsDigest(SaplingV5 s) {
        Blake h = new Blake(SAPLING_OUTPUTS);
        int count = s.outputCount();
        if (count == 0) {
            return h.finishBytes();
        }
        Blake compact = new Blake(SAPLING_OUTPUTS_COMPACT);
        Blake memos = new Blake(SAPLING_OUTPUTS_MEMOS);
        Blake noncompact = new Blake(SAPLING_OUTPUTS_NONCOMPACT);
        Bytes outputs = s.outputs();
        for (int i = 0; i < count; i++) {
            int at = i * Transaction.SAPLING_OUTPUT_V5_LENGTH;
            int end = at + Transaction.SAPLING_OUTPUT_V5_LENGTH;
            // cmu, ephemeral key and the first 52 ciphertext bytes are contiguous.
            compact.put(outputs.slice(at + OUTPUT_COMPACT_FROM, at + OUTPUT_MEMO_FROM));
            memos.put(outputs.slice(at + OUTPUT_MEMO_FROM, at + OUTPUT_MEMO_TO));
            noncompact.put(outputs.slice(at + OUTPUT_CV, at + OUTPUT_CV + 32));
            // The ciphertext tail (16-byte tag) and the out ciphertext are contiguous too.
            noncompact.put(outputs.slice(at + OUTPUT_MEMO_TO, end));
        }
        h.put(compact.finishBytes());
        h.put(memos.finishBytes());
        h.put(noncompact.finishBytes());
        return h.finishBytes();
    }

    /** T.4: the three action digests, flags, value balance, anchor; empty hash without actions. */
    private static byte[] orchardDigest(Optional<OrchardV5> bundle) {
        Blake h = new Blake(ORCHARD);
        if (bundle.isEmpty()) {
            return h.finishBytes();
        }
        OrchardV5 o = bundle.get();
        Blake compact = new Blake(ORCHARD_COMPACT);
        Blake memos = new Blake(ORCHARD_MEMOS);
        Blake noncompact = new Blake(ORCHARD_NONCOMPACT);
        Bytes actions = o.actions();
        int count = o.actionCount();
        for (int i = 0; i < count; i++) {
            int at = i * Transaction.ORCHARD_ACTION_LENGTH;
            int end = at + Transaction.ORCHARD_ACTION_LENGTH;
            compact.put(actions.slice(at + ACTION_NULLIFIER, at + ACTION_NULLIFIER + 32));
            // cmx, ephemeral key and the first 52 ciphertext bytes are contiguous.
            compact.put(actions.slice(at + ACTION_CMX, at + ACTION_MEMO_FROM));
            memos.put(actions.slice(at + ACTION_MEMO_FROM, at + ACTION_MEMO_TO));
            noncompact.put(actions.slice(at + ACTION_CV, at + ACTION_CV + 32));
            noncompact.put(actions.slice(at + ACTION_RK, at + ACTION_RK + 32));
            noncompact.put(actions.slice(at + ACTION_MEMO_TO, end));
        }
        h.put(compact.finishBytes());
        h.put(memos.finishBytes());
        h.put(noncompact.finishBytes());
        h.u8(o.flags());
        h.i64(o.valueBalance());
        h.put(o.anchor());
        return h.finishBytes();
    }

    // ---- ZIP-244 authorizing-data tree ----

    /** A.1: each input's scriptSig with its CompactSize length, as serialized. */
    private static byte[] transparentScriptsDigest(Transaction tx) {
        Blake h = new Blake(TRANSPARENT_AUTH);
        // Without inputs nothing is written, which is also the spec's "no transparent part" case.
        for (TransparentInput in : tx.inputs()) {
            h.compactSize(in.scriptSig().length());
            h.put(in.scriptSig());
        }
        return h.finishBytes();
    }

    /** A.2: spend proofs, spend signatures, output proofs, binding signature. */
    private static byte[] saplingAuthDigest(Optional<SaplingV5> bundle) {
        Blake h = new Blake(SAPLING_AUTH);
        bundle.ifPresent(s -> {
            h.put(s.spendProofs());
            h.put(s.spendAuthSigs());
            h.put(s.outputProofs());
            h.put(s.bindingSig());
        });
        return h.finishBytes();
    }

    /** A.3: the Halo 2 proof (without its length prefix), spend signatures, binding signature. */
    private static byte[] orchardAuthDigest(Optional<OrchardV5> bundle) {
        Blake h = new Blake(ORCHARD_AUTH);
        bundle.ifPresent(o -> {
            h.put(o.proofs());
            h.put(o.spendAuthSigs());
            h.put(o.bindingSig());
        });
        return h.finishBytes();
    }

    // ---- helpers ----

    private static byte[] personalization(String ascii) {
        byte[] p = ascii.getBytes(StandardCharsets.US_ASCII);
        if (p.length != 16) {
            throw new IllegalArgumentException("BLAKE2b personalization must be 16 bytes: " + ascii);
        }
        return p;
    }

    private static byte[] rootPersonalization(String prefix, long consensusBranchId) {
        byte[] p = new byte[16];
        byte[] ascii = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, p, 0, 12);
        for (int i = 0; i < 4; i++) {
            p[12 + i] = (byte) (consensusBranchId >>> (8 * i));
        }
        return p;
    }

    /** One BLAKE2b-256 computation with little-endian field writers; used by a single call only. */
    private static final class Blake {
        private final Blake2b digest;
        private final byte[] scratch = new byte[8];

        Blake(byte[] personalization) {
            this.digest = new Blake2b(32, personalization);
        }

        void put(byte[] data) {
            digest.update(data, 0, data.length);
        }

        void put(Bytes data) {
            // Stream through a read-only view: no copy of large proofs or ciphertexts.
            ByteBuffer view = data.asReadOnlyBuffer();
            byte[] chunk = new byte[Math.min(view.remaining(), 4096)];
            while (view.hasRemaining()) {
                int n = Math.min(chunk.length, view.remaining());
                view.get(chunk, 0, n);
                digest.update(chunk, 0, n);
            }
        }

        void u8(int value) {
            digest.update((byte) value);
        }

        void u32(long value) {
            littleEndian(value, 4);
        }

        void i64(long value) {
            littleEndian(value, 8);
        }

        /** Bitcoin's CompactSize, as the serialized scripts carry it. */
        void compactSize(long value) {
            if (value < 0xfd) {
                u8((int) value);
            } else if (value <= 0xffff) {
                u8(0xfd);
                littleEndian(value, 2);
            } else if (value <= 0xffff_ffffL) {
                u8(0xfe);
                littleEndian(value, 4);
            } else {
                u8(0xff);
                littleEndian(value, 8);
            }
        }

        private void littleEndian(long value, int length) {
            for (int i = 0; i < length; i++) {
                scratch[i] = (byte) (value >>> (8 * i));
            }
            digest.update(scratch, 0, length);
        }

        byte[] finishBytes() {
            return digest.digest();
        }

        Hash32 finish() {
            return Hash32.ofInternal(finishBytes());
        }
    }
}
