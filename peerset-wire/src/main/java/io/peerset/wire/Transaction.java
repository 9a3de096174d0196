package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One Zcash transaction, versions 1 to 5: its exact bytes plus the structure needed to identify
 * it and to check that it is well formed.
 *
 * <p>Parsing walks every field of the format (transparent inputs and outputs, JoinSplits with PHGR
 * or Groth16 proofs, Sapling v4 and v5, Orchard) and checks counts against the remaining bytes
 * before reading them, amounts against {@link #MAX_MONEY}, and version group ids against the
 * version. It verifies no proof or signature: that is the consensus layer's job. The v5 Sapling and
 * Orchard parts are kept as byte sections, which is what ZIP-244 hashing needs; the transaction id
 * itself is computed in {@code peerset-core} ({@code io.peerset.wire.TransactionIds}), which has
 * BLAKE2b.
 *
 * <p>Version 6 (NU7, provisional in the reference snapshot) is refused until its format is final.
 *
 * <p>Immutable and thread-safe; its byte sections share the bytes it was parsed from.
 */
public final class Transaction {

    /** Largest amount in zatoshi (21 million ZEC): outputs and value balances are bounded by it. */
    public static final long MAX_MONEY = 21_000_000L * 100_000_000L;

    /** Overwinter (v3) version group id. */
    public static final long OVERWINTER_VERSION_GROUP_ID = 0x03C4_8270L;
    /** Sapling (v4) version group id. */
    public static final long SAPLING_VERSION_GROUP_ID = 0x892F_2085L;
    /** NU5 (v5) version group id. */
    public static final long NU5_VERSION_GROUP_ID = 0x26A7_270AL;

    /** Smallest possible transaction: v1 header, no inputs, no outputs, lock time. */
    static final int MIN_LENGTH = 4 + 1 + 1 + 4;

    private static final int OUTPOINT_LENGTH = 32 + 4;
    private static final int MIN_INPUT_LENGTH = OUTPOINT_LENGTH + 1 + 4;
    private static final int MIN_OUTPUT_LENGTH = 8 + 1;
    private static final int JOINSPLIT_FIXED_LENGTH = 8 + 8 + 32 + 2 * 32 + 2 * 32 + 32 + 32 + 2 * 32;
    private static final int JOINSPLIT_CIPHERTEXTS_LENGTH = 2 * 601;
    private static final int PHGR_PROOF_LENGTH = 296;
    private static final int GROTH_PROOF_LENGTH = 192;
    private static final int JOINSPLIT_PUBKEY_LENGTH = 32;
    private static final int SIGNATURE_LENGTH = 64;
    private static final int SAPLING_SPEND_V4_LENGTH = 32 + 32 + 32 + 32 + GROTH_PROOF_LENGTH + SIGNATURE_LENGTH;
    private static final int SAPLING_OUTPUT_V4_LENGTH = 32 + 32 + 32 + 580 + 80 + GROTH_PROOF_LENGTH;
    /** v5 spend description: cv, nullifier, rk (the anchor, proof and signature live elsewhere). */
    public static final int SAPLING_SPEND_V5_LENGTH = 32 + 32 + 32;
    /** v5 output description: cv, cmu, ephemeral key, enc ciphertext 580, out ciphertext 80. */
    public static final int SAPLING_OUTPUT_V5_LENGTH = 32 + 32 + 32 + 580 + 80;
    /** Orchard action: cv, nullifier, rk, cmx, ephemeral key, enc ciphertext 580, out ciphertext 80. */
    public static final int ORCHARD_ACTION_LENGTH = 32 + 32 + 32 + 32 + 32 + 580 + 80;
    private static final int ORCHARD_FLAGS_KNOWN = 0b11;

    private final Bytes bytes;
    private final int version;
    private final boolean overwintered;
    private final long versionGroupId;
    private final long consensusBranchId;
    private final long lockTime;
    private final long expiryHeight;
    /** Where the transparent inputs start in {@link #bytes}, and how many; parsed into records on first use. */
    private final int inputsOffset;
    private final int inputCount;
    private final int outputsOffset;
    private final int outputCount;
    private volatile List<TransparentInput> inputs;
    private volatile List<TransparentOutput> outputs;
    private final int joinSplits;
    private final int saplingSpends;
    private final int saplingOutputs;
    private final SaplingV5 saplingV5;
    private final OrchardV5 orchard;

    private Transaction(Bytes bytes, Fields f) {
        this.bytes = bytes;
        this.version = f.version;
        this.overwintered = f.overwintered;
        this.versionGroupId = f.versionGroupId;
        this.consensusBranchId = f.consensusBranchId;
        this.lockTime = f.lockTime;
        this.expiryHeight = f.expiryHeight;
        this.inputsOffset = f.inputsOffset;
        this.inputCount = f.inputCount;
        this.outputsOffset = f.outputsOffset;
        this.outputCount = f.outputCount;
        this.joinSplits = f.joinSplits;
        this.saplingSpends = f.saplingSpends;
        this.saplingOutputs = f.saplingOutputs;
        this.saplingV5 = f.saplingV5;
        this.orchard = f.orchard;
    }

    /**
     * Parses exactly one transaction.
     *
     * @param bytes the serialized transaction, nothing after it
     * @return the transaction
     * @throws WireFormatException if the bytes are not one well-formed transaction
     */
    public static Transaction parse(Bytes bytes) {
        requireNonNull(bytes, "bytes");
        WireReader reader = WireReader.of(bytes, "tx", 0);
        Transaction tx = read(reader, bytes);
        if (reader.remaining() != 0) {
            throw reader.error("end", reader.remaining() + " bytes after the transaction (expected: none)");
        }
        return tx;
    }

    /** Reads one transaction from a reader over {@code source}, sharing its bytes. */
    static Transaction read(WireReader r, Bytes source) {
        int start = r.position();
        Fields f = new Fields();
        long header = r.u32("tx header");
        f.overwintered = (header & 0x8000_0000L) != 0;
        f.version = (int) (header & 0x7fff_ffffL);
        if (!f.overwintered) {
            if (f.version != 1 && f.version != 2) {
                throw r.errorAt(r.offset() - 4, "tx version", f.version
                        + " (expected: 1 or 2 without the overwintered flag, 3 to 5 with it)");
            }
            readTransparent(r, f, start);
            f.lockTime = r.u32("lock time");
            if (f.version == 2) {
                readJoinSplits(r, f, PHGR_PROOF_LENGTH);
            }
        } else {
            long expectedGroup = switch (f.version) {
                case 3 -> OVERWINTER_VERSION_GROUP_ID;
                case 4 -> SAPLING_VERSION_GROUP_ID;
                case 5 -> NU5_VERSION_GROUP_ID;
                default -> throw r.errorAt(r.offset() - 4, "tx version", f.version
                        + " (expected: 3, 4 or 5 with the overwintered flag)");
            };
            f.versionGroupId = r.u32("version group id");
            if (f.versionGroupId != expectedGroup) {
                throw r.errorAt(r.offset() - 4, "version group id", String.format(
                        "%08x (expected: %08x for v%d)", f.versionGroupId, expectedGroup, f.version));
            }
            if (f.version == 5) {
                readV5(r, f, start);
            } else {
                readTransparent(r, f, start);
                f.lockTime = r.u32("lock time");
                f.expiryHeight = r.u32("expiry height");
                if (f.version == 4) {
                    readSaplingV4(r, f);
                    readJoinSplits(r, f, GROTH_PROOF_LENGTH);
                    if (f.saplingSpends + f.saplingOutputs > 0) {
                        r.skip(SIGNATURE_LENGTH, "sapling binding signature");
                    }
                } else {
                    readJoinSplits(r, f, PHGR_PROOF_LENGTH);
                }
            }
        }
        return new Transaction(source.slice(start, r.position()), f);
    }

    /**
     * Walks the transparent inputs and outputs, checking every length and amount, without building
     * a record for each: a 2 MiB block of small transactions would otherwise spend more time
     * allocating than hashing (docs/PERFORMANCE.md). {@link #inputs()} and {@link #outputs()} build
     * them on first use.
     */
    private static void readTransparent(WireReader r, Fields f, int start) {
        f.inputsOffset = r.position() - start;
        f.inputCount = r.count("tx_in count", WireLimits.MAX_PAYLOAD_LENGTH, MIN_INPUT_LENGTH);
        for (int i = r.skipTransparentInputs(f.inputCount); i < f.inputCount; i++) {
            r.skip(OUTPOINT_LENGTH, "prevout");
            r.skip(r.compactSize("script_sig length", WireLimits.MAX_PAYLOAD_LENGTH), "script_sig");
            r.skip(4, "sequence");
        }
        f.outputsOffset = r.position() - start;
        f.outputCount = r.count("tx_out count", WireLimits.MAX_PAYLOAD_LENGTH, MIN_OUTPUT_LENGTH);
        for (int i = r.skipTransparentOutputs(f.outputCount, MAX_MONEY); i < f.outputCount; i++) {
            amount(r, "output value", false);
            r.skip(r.compactSize("script_pubkey length", WireLimits.MAX_PAYLOAD_LENGTH), "script_pubkey");
        }
    }

    /** Builds the input records from bytes already validated by {@link #readTransparent}. */
    private List<TransparentInput> parseInputs() {
        WireReader r = WireReader.of(bytes, "tx", 0);
        r.skip(inputsOffset, "tx header");
        r.compactSize64("tx_in count");
        List<TransparentInput> list = new ArrayList<>(inputCount);
        for (int i = 0; i < inputCount; i++) {
            Hash32 prevout = r.hash("prevout hash");
            long index = r.u32("prevout index");
            Bytes script = r.varBytes("script_sig", WireLimits.MAX_PAYLOAD_LENGTH);
            list.add(new TransparentInput(prevout, index, script, r.u32("sequence")));
        }
        return Collections.unmodifiableList(list);
    }

    /** Builds the output records from bytes already validated by {@link #readTransparent}. */
    private List<TransparentOutput> parseOutputs() {
        WireReader r = WireReader.of(bytes, "tx", 0);
        r.skip(outputsOffset, "tx inputs");
        r.compactSize64("tx_out count");
        List<TransparentOutput> list = new ArrayList<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            long value = r.i64("output value");
            list.add(new TransparentOutput(value, r.varBytes("script_pubkey", WireLimits.MAX_PAYLOAD_LENGTH)));
        }
        return Collections.unmodifiableList(list);
    }

    private static long amount(WireReader r, String field, boolean signed) {
        long at = r.offset();
        long value = r.i64(field);
        long min = signed ? -MAX_MONEY : 0;
        if (value < min || value > MAX_MONEY) {
            throw r.errorAt(at, field, value + " (expected: " + min + ".." + MAX_MONEY + ")");
        }
        return value;
    }

    private static void readJoinSplits(WireReader r, Fields f, int proofLength) {
        int perJoinSplit = JOINSPLIT_FIXED_LENGTH + proofLength + JOINSPLIT_CIPHERTEXTS_LENGTH;
        f.joinSplits = r.count("joinsplit count", WireLimits.MAX_PAYLOAD_LENGTH, perJoinSplit);
        for (int i = 0; i < f.joinSplits; i++) {
            amount(r, "vpub_old", false);
            amount(r, "vpub_new", false);
            r.skip(perJoinSplit - 16, "joinsplit");
        }
        if (f.joinSplits > 0) {
            r.skip(JOINSPLIT_PUBKEY_LENGTH + SIGNATURE_LENGTH, "joinsplit pubkey and signature");
        }
    }

    private static void readSaplingV4(WireReader r, Fields f) {
        amount(r, "sapling value balance", true);
        f.saplingSpends = r.count("sapling spend count", WireLimits.MAX_PAYLOAD_LENGTH, SAPLING_SPEND_V4_LENGTH);
        r.skip(f.saplingSpends * SAPLING_SPEND_V4_LENGTH, "sapling spends");
        f.saplingOutputs = r.count("sapling output count", WireLimits.MAX_PAYLOAD_LENGTH, SAPLING_OUTPUT_V4_LENGTH);
        r.skip(f.saplingOutputs * SAPLING_OUTPUT_V4_LENGTH, "sapling outputs");
    }

    private static void readV5(WireReader r, Fields f, int start) {
        f.consensusBranchId = r.u32("consensus branch id");
        f.lockTime = r.u32("lock time");
        f.expiryHeight = r.u32("expiry height");
        readTransparent(r, f, start);

        int spends = r.count("sapling spend count", WireLimits.MAX_PAYLOAD_LENGTH,
                SAPLING_SPEND_V5_LENGTH + GROTH_PROOF_LENGTH + SIGNATURE_LENGTH);
        Bytes spendDescriptions = r.bytes(spends * SAPLING_SPEND_V5_LENGTH, "sapling spends");
        int outputs = r.count("sapling output count", WireLimits.MAX_PAYLOAD_LENGTH,
                SAPLING_OUTPUT_V5_LENGTH + GROTH_PROOF_LENGTH);
        Bytes outputDescriptions = r.bytes(outputs * SAPLING_OUTPUT_V5_LENGTH, "sapling outputs");
        f.saplingSpends = spends;
        f.saplingOutputs = outputs;
        if (spends + outputs > 0) {
            long valueBalance = amount(r, "sapling value balance", true);
            Bytes anchor = spends > 0 ? r.bytes(32, "sapling anchor") : Bytes.EMPTY;
            Bytes spendProofs = r.bytes(spends * GROTH_PROOF_LENGTH, "sapling spend proofs");
            Bytes spendAuthSigs = r.bytes(spends * SIGNATURE_LENGTH, "sapling spend auth signatures");
            Bytes outputProofs = r.bytes(outputs * GROTH_PROOF_LENGTH, "sapling output proofs");
            Bytes bindingSig = r.bytes(SIGNATURE_LENGTH, "sapling binding signature");
            f.saplingV5 = new SaplingV5(spendDescriptions, outputDescriptions, valueBalance, anchor,
                    spendProofs, spendAuthSigs, outputProofs, bindingSig);
        }

        int actions = r.count("orchard action count", WireLimits.MAX_PAYLOAD_LENGTH,
                ORCHARD_ACTION_LENGTH + SIGNATURE_LENGTH);
        if (actions > 0) {
            Bytes actionBytes = r.bytes(actions * ORCHARD_ACTION_LENGTH, "orchard actions");
            long flagsAt = r.offset();
            int flags = r.u8("orchard flags");
            if ((flags & ~ORCHARD_FLAGS_KNOWN) != 0) {
                throw r.errorAt(flagsAt, "orchard flags", String.format(
                        "%02x (expected: only bits 0 and 1)", flags));
            }
            long valueBalance = amount(r, "orchard value balance", true);
            Bytes anchor = r.bytes(32, "orchard anchor");
            Bytes proofs = r.varBytes("orchard proofs", WireLimits.MAX_PAYLOAD_LENGTH);
            Bytes spendAuthSigs = r.bytes(actions * SIGNATURE_LENGTH, "orchard spend auth signatures");
            Bytes bindingSig = r.bytes(SIGNATURE_LENGTH, "orchard binding signature");
            f.orchard = new OrchardV5(actionBytes, flags, valueBalance, anchor, proofs, spendAuthSigs, bindingSig);
        }
    }

    /** @return the exact serialized bytes */
    public Bytes bytes() {
        return bytes;
    }

    /** @return the version, 1 to 5 (without the overwintered flag) */
    public int version() {
        return version;
    }

    /** @return whether the overwintered flag is set (versions 3 and later) */
    public boolean isOverwintered() {
        return overwintered;
    }

    /** @return the version group id, 0 before Overwinter */
    public long versionGroupId() {
        return versionGroupId;
    }

    /** @return the 32-bit header as serialized: version with the overwintered flag in bit 31 */
    public long header() {
        return version | (overwintered ? 0x8000_0000L : 0);
    }

    /** @return the consensus branch id of a v5 transaction, 0 for earlier versions */
    public long consensusBranchId() {
        return consensusBranchId;
    }

    /** @return the lock time */
    public long lockTime() {
        return lockTime;
    }

    /** @return the expiry height, 0 before Overwinter */
    public long expiryHeight() {
        return expiryHeight;
    }

    /** @return the transparent inputs (built on first call, then cached) */
    public List<TransparentInput> inputs() {
        List<TransparentInput> list = inputs;
        if (list == null) {
            list = parseInputs();
            inputs = list;
        }
        return list;
    }

    /** @return the transparent outputs (built on first call, then cached) */
    public List<TransparentOutput> outputs() {
        List<TransparentOutput> list = outputs;
        if (list == null) {
            list = parseOutputs();
            outputs = list;
        }
        return list;
    }

    /** @return whether this is a coinbase: one input spending the null outpoint */
    public boolean isCoinbase() {
        return inputCount == 1 && inputs().get(0).prevoutHash().isZero()
                && inputs().get(0).prevoutIndex() == 0xffff_ffffL;
    }

    /** @return the counts of each part, for display and tests */
    public Shape shape() {
        return new Shape(inputCount, outputCount, joinSplits, saplingSpends, saplingOutputs,
                orchard == null ? 0 : orchard.actionCount());
    }

    /** @return the Sapling part of a v5 transaction with spends or outputs */
    public Optional<SaplingV5> saplingV5() {
        return Optional.ofNullable(saplingV5);
    }

    /** @return the Orchard part of a v5 transaction with actions */
    public Optional<OrchardV5> orchard() {
        return Optional.ofNullable(orchard);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t && t.bytes.equals(bytes);
    }

    @Override
    public int hashCode() {
        return bytes.hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[v" + version + ", " + bytes.length() + " bytes, " + shape() + "]";
    }

    /**
     * A transparent input.
     *
     * @param prevoutHash  id of the transaction whose output is spent (internal order)
     * @param prevoutIndex index of that output
     * @param scriptSig    the unlocking script, without its length prefix
     * @param sequence     the sequence number
     */
    public record TransparentInput(Hash32 prevoutHash, long prevoutIndex, Bytes scriptSig, long sequence) {
        /** Checks for nulls. */
        public TransparentInput {
            requireNonNull(prevoutHash, "prevoutHash");
            requireNonNull(scriptSig, "scriptSig");
        }
    }

    /**
     * A transparent output.
     *
     * @param value        zatoshi, 0..{@link #MAX_MONEY}
     * @param scriptPubKey the locking script, without its length prefix
     */
    public record TransparentOutput(long value, Bytes scriptPubKey) {
        /** Checks for nulls. */
        public TransparentOutput {
            requireNonNull(scriptPubKey, "scriptPubKey");
        }
    }

    /**
     * How many of each part a transaction has.
     *
     * @param transparentInputs  transparent inputs
     * @param transparentOutputs transparent outputs
     * @param joinSplits         Sprout JoinSplits (v2 to v4)
     * @param saplingSpends      Sapling spends (v4, v5)
     * @param saplingOutputs     Sapling outputs (v4, v5)
     * @param orchardActions     Orchard actions (v5)
     */
    public record Shape(int transparentInputs, int transparentOutputs, int joinSplits,
                        int saplingSpends, int saplingOutputs, int orchardActions) {
        /** @return e.g. {@code transparent 1 in/4 out; joinsplits 0; sapling 0 spends/0 outputs; orchard 0 actions} */
        @Override
        public String toString() {
            return "transparent " + transparentInputs + " in/" + transparentOutputs + " out; joinsplits "
                    + joinSplits + "; sapling " + saplingSpends + " spends/" + saplingOutputs
                    + " outputs; orchard " + orchardActions + " actions";
        }
    }

    /**
     * The Sapling part of a v5 transaction, as the byte sections ZIP-244 hashes.
     *
     * @param spends        spend descriptions, {@value #SAPLING_SPEND_V5_LENGTH} bytes each
     * @param outputs       output descriptions, {@value #SAPLING_OUTPUT_V5_LENGTH} bytes each
     * @param valueBalance  the Sapling value balance in zatoshi
     * @param anchor        the shared anchor (32 bytes), empty when there are no spends
     * @param spendProofs   Groth16 proofs of the spends, 192 bytes each
     * @param spendAuthSigs spend authorization signatures, 64 bytes each
     * @param outputProofs  Groth16 proofs of the outputs, 192 bytes each
     * @param bindingSig    the binding signature (64 bytes)
     */
    public record SaplingV5(Bytes spends, Bytes outputs, long valueBalance, Bytes anchor,
                            Bytes spendProofs, Bytes spendAuthSigs, Bytes outputProofs, Bytes bindingSig) {
        /** @return the number of spends */
        public int spendCount() {
            return spends.length() / SAPLING_SPEND_V5_LENGTH;
        }

        /** @return the number of outputs */
        public int outputCount() {
            return outputs.length() / SAPLING_OUTPUT_V5_LENGTH;
        }
    }

    /**
     * The Orchard part of a v5 transaction, as the byte sections ZIP-244 hashes.
     *
     * @param actions       actions, {@value #ORCHARD_ACTION_LENGTH} bytes each
     * @param flags         bit 0 enables spends, bit 1 enables outputs
     * @param valueBalance  the Orchard value balance in zatoshi
     * @param anchor        the anchor (32 bytes)
     * @param proofs        the aggregated Halo 2 proof, without its length prefix
     * @param spendAuthSigs spend authorization signatures, 64 bytes each
     * @param bindingSig    the binding signature (64 bytes)
     */
    public record OrchardV5(Bytes actions, int flags, long valueBalance, Bytes anchor, Bytes proofs,
                            Bytes spendAuthSigs, Bytes bindingSig) {
        /** @return the number of actions */
        public int actionCount() {
            return actions.length() / ORCHARD_ACTION_LENGTH;
        }
    }

    /** Mutable fields while parsing. */
    private static final class Fields {
        int version;
        boolean overwintered;
        long versionGroupId;
        long consensusBranchId;
        long lockTime;
        long expiryHeight;
        int inputsOffset;
        int inputCount;
        int outputsOffset;
        int outputCount;
        int joinSplits;
        int saplingSpends;
        int saplingOutputs;
        SaplingV5 saplingV5;
        OrchardV5 orchard;
    }
}
