package io.peerset.wire;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte hash (block hash, transaction id, authorizing-data digest), kept in <em>internal</em>
 * order: the bytes exactly as the hash function outputs them and as they travel on the wire.
 *
 * <p>Zcash's RPC and block explorers show hashes in <em>display</em> order, the same bytes reversed:
 * {@link #toString()} and {@link #toDisplayHex()} use it, {@link #fromDisplayHex(String)} reads it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Hash32 implements Comparable<Hash32> {

    /** The number of bytes. */
    public static final int LENGTH = 32;

    /** All zero: on the wire it means "none" (e.g. the stop hash of {@code getblocks}). */
    public static final Hash32 ZERO = new Hash32(new byte[LENGTH]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash32(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param internal 32 bytes in internal order (copied)
     * @return the hash
     */
    public static Hash32 ofInternal(byte[] internal) {
        requireNonNull(internal, "internal");
        if (internal.length != LENGTH) {
            throw new IllegalArgumentException("hash: " + internal.length + " bytes (expected: 32)");
        }
        return new Hash32(internal.clone());
    }

    /** Takes ownership of a fresh array from the codec or a digest. */
    static Hash32 wrapOwned(byte[] internal) {
        return new Hash32(internal);
    }

    /**
     * @param hex 64 hex digits in internal (wire) order
     * @return the hash
     */
    public static Hash32 fromInternalHex(String hex) {
        return ofInternal(HEX.parseHex(requireNonNull(hex, "hex")));
    }

    /**
     * @param hex 64 hex digits in display order, as an explorer shows them
     * @return the hash
     */
    public static Hash32 fromDisplayHex(String hex) {
        byte[] b = HEX.parseHex(requireNonNull(hex, "hex"));
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("hash: " + b.length + " bytes (expected: 32)");
        }
        reverse(b);
        return new Hash32(b);
    }

    private static void reverse(byte[] b) {
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }

    /** @return a copy of the bytes in internal order */
    public byte[] toInternalBytes() {
        return bytes.clone();
    }

    /** @return a copy of the bytes in display order */
    public byte[] toDisplayBytes() {
        byte[] b = bytes.clone();
        reverse(b);
        return b;
    }

    /**
     * @param destination      the array to write the 32 internal-order bytes into
     * @param destinationIndex where the first byte goes
     */
    public void copyTo(byte[] destination, int destinationIndex) {
        System.arraycopy(bytes, 0, destination, destinationIndex, LENGTH);
    }

    /** @param destination where to write the 32 internal-order bytes */
    public void copyTo(ByteBuffer destination) {
        destination.put(bytes);
    }

    /** @return whether every byte is zero */
    public boolean isZero() {
        return Arrays.equals(bytes, ZERO.bytes);
    }

    /** @return lowercase hex in internal order */
    public String toInternalHex() {
        return HEX.formatHex(bytes);
    }

    /** @return lowercase hex in display order */
    public String toDisplayHex() {
        return HEX.formatHex(toDisplayBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash32 h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Orders by internal bytes, unsigned. */
    @Override
    public int compareTo(Hash32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** @return display-order hex */
    @Override
    public String toString() {
        return toDisplayHex();
    }
}
