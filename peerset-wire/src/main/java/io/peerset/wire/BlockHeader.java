package io.peerset.wire;

import static java.util.Objects.requireNonNull;

/**
 * A Zcash block header: version, previous block hash, Merkle root, a third 32-byte commitment
 * field, time, nBits, a 32-byte nonce and the Equihash solution.
 *
 * <p>The commitment field is zero before Sapling, hashFinalSaplingRoot from Sapling,
 * hashLightClientRoot from Heartwood and hashBlockCommitments from NU5. The solution is
 * {@value WireLimits#EQUIHASH_SOLUTION_LENGTH} bytes on Mainnet and Testnet and
 * {@value WireLimits#REGTEST_EQUIHASH_SOLUTION_LENGTH} on Regtest; the parser accepts either on
 * any network (it does not verify the proof of work). The {@link #hash() block hash} is the
 * SHA-256d of the serialized header, computed on first use.
 *
 * <p>Immutable and thread-safe.
 */
public final class BlockHeader {

    /** Zcash requires header version 4 or more (Zebra rejects lower versions when parsing). */
    public static final long MIN_VERSION = 4;

    private final Bytes bytes;
    private final long version;
    private final Hash32 previousBlockHash;
    private final Hash32 merkleRoot;
    private final Hash32 commitments;
    private final long time;
    private final long bits;
    private final Bytes nonce;
    private final Bytes solution;
    private volatile Hash32 hash;

    private BlockHeader(Bytes bytes, long version, Hash32 previousBlockHash, Hash32 merkleRoot,
                        Hash32 commitments, long time, long bits, Bytes nonce, Bytes solution) {
        this.bytes = bytes;
        this.version = version;
        this.previousBlockHash = previousBlockHash;
        this.merkleRoot = merkleRoot;
        this.commitments = commitments;
        this.time = time;
        this.bits = bits;
        this.nonce = nonce;
        this.solution = solution;
    }

    /**
     * Parses exactly one header.
     *
     * @param bytes the serialized header, nothing after it
     * @return the header
     * @throws WireFormatException if the bytes are not one well-formed header
     */
    public static BlockHeader parse(Bytes bytes) {
        requireNonNull(bytes, "bytes");
        WireReader reader = WireReader.of(bytes, "header", 0);
        BlockHeader header = read(reader, bytes);
        if (reader.remaining() != 0) {
            throw reader.error("end", reader.remaining() + " bytes after the header (expected: none)");
        }
        return header;
    }

    static BlockHeader read(WireReader r, Bytes source) {
        int start = r.position();
        long versionAt = r.offset();
        long version = r.u32("header version");
        if (version < MIN_VERSION || version > Integer.MAX_VALUE) {
            throw r.errorAt(versionAt, "header version", version + " (expected: 4.." + Integer.MAX_VALUE + ")");
        }
        Hash32 previous = r.hash("previous block hash");
        Hash32 merkle = r.hash("merkle root");
        Hash32 commitments = r.hash("commitments");
        long time = r.u32("time");
        long bits = r.u32("bits");
        Bytes nonce = r.bytes(32, "nonce");
        long solutionAt = r.offset();
        int solutionLength = r.compactSize("solution length", WireLimits.EQUIHASH_SOLUTION_LENGTH);
        if (solutionLength != WireLimits.EQUIHASH_SOLUTION_LENGTH
                && solutionLength != WireLimits.REGTEST_EQUIHASH_SOLUTION_LENGTH) {
            throw r.errorAt(solutionAt, "solution length", solutionLength + " (expected: "
                    + WireLimits.EQUIHASH_SOLUTION_LENGTH + " or " + WireLimits.REGTEST_EQUIHASH_SOLUTION_LENGTH + ")");
        }
        Bytes solution = r.bytes(solutionLength, "solution");
        return new BlockHeader(source.slice(start, r.position()), version, previous, merkle,
                commitments, time, bits, nonce, solution);
    }

    /** @return the exact serialized header */
    public Bytes bytes() {
        return bytes;
    }

    /** @return the block hash: SHA-256d of the header (display it with {@link Hash32#toString()}) */
    public Hash32 hash() {
        Hash32 h = hash;
        if (h == null) {
            h = new Sha256d().digest(bytes);
            hash = h;
        }
        return h;
    }

    /** @return the header version (4 or more) */
    public long version() {
        return version;
    }

    /** @return the previous block's hash */
    public Hash32 previousBlockHash() {
        return previousBlockHash;
    }

    /** @return the Merkle root of the transaction ids */
    public Hash32 merkleRoot() {
        return merkleRoot;
    }

    /** @return the third 32-byte field (commitments; meaning depends on the network upgrade) */
    public Hash32 commitments() {
        return commitments;
    }

    /** @return the block time, unix seconds */
    public long time() {
        return time;
    }

    /** @return the compact difficulty target (nBits) */
    public long bits() {
        return bits;
    }

    /** @return the 32-byte nonce */
    public Bytes nonce() {
        return nonce;
    }

    /** @return the Equihash solution, without its length prefix */
    public Bytes solution() {
        return solution;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader h && h.bytes.equals(bytes);
    }

    @Override
    public int hashCode() {
        return bytes.hashCode();
    }

    @Override
    public String toString() {
        return "BlockHeader[" + hash() + "]";
    }
}
